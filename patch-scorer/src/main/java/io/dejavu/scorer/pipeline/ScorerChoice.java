package io.dejavu.scorer.pipeline;

/** Which patch scorer the pipeline uses. */
public enum ScorerChoice {
    /** The model's learned scorer when the bundle has one, else edge energy. */
    MODEL_IF_PRESENT,
    /** Always the model-free edge-energy (total variation) scorer. */
    EDGE_ENERGY
}
