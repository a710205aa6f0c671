package io.dejavu.enhancer;

/**
 * Cuts a frame's luminance into square patches for scoring and enhancement, and gives each patch
 * a tile: the patch plus a halo as wide as the model's receptive field, shifted to stay inside the
 * frame. Enhancing a tile then gives exactly the full-frame result inside its patch: where the
 * tile edge is inside the frame, the halo keeps the edge out of reach; where it touches the frame
 * edge, the model's zero padding is the same as for the whole frame.
 *
 * <p>Patches are laid out row-major; when the frame size is not a multiple of the patch size, the
 * last column and row start at {@code width - patchSize} and {@code height - patchSize} and overlap
 * their neighbours, so every patch has the same size (one batch shape).
 *
 * <pre>{@code
 * PatchGrid grid = new PatchGrid(640, 360, 32, 10);   // 20 x 12 = 240 patches, 52x52 tiles
 * int x = grid.patchX(17), y = grid.patchY(17);
 * }</pre>
 *
 * @param width frame width, positive
 * @param height frame height, positive
 * @param patchSize patch side, in 1..min(width, height)
 * @param halo pixels of context around each patch, at least 0
 */
public record PatchGrid(int width, int height, int patchSize, int halo) {
    public PatchGrid {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("grid size must be positive, got " + width + "x" + height);
        }
        if (patchSize < 1 || patchSize > Math.min(width, height)) {
            throw new IllegalArgumentException("patchSize must be in 1.." + Math.min(width, height) + " for a " + width
                    + "x" + height + " frame, got " + patchSize);
        }
        if (halo < 0) {
            throw new IllegalArgumentException("halo must be >= 0, got " + halo);
        }
    }

    public int columns() {
        return (width + patchSize - 1) / patchSize;
    }

    public int rows() {
        return (height + patchSize - 1) / patchSize;
    }

    /** Number of patches. */
    public int count() {
        return columns() * rows();
    }

    /** Left edge of patch {@code i}. */
    public int patchX(int i) {
        return Math.min((i % columns()) * patchSize, width - patchSize);
    }

    /** Top edge of patch {@code i}. */
    public int patchY(int i) {
        return Math.min((i / columns()) * patchSize, height - patchSize);
    }

    /** Tile width: patch plus halo on both sides, at most the frame width. */
    public int tileWidth() {
        return Math.min(patchSize + 2 * halo, width);
    }

    /** Tile height: patch plus halo on both sides, at most the frame height. */
    public int tileHeight() {
        return Math.min(patchSize + 2 * halo, height);
    }

    /** Left edge of patch {@code i}'s tile, shifted to stay inside the frame. */
    public int tileX(int i) {
        return clamp(patchX(i) - halo, width - tileWidth());
    }

    /** Top edge of patch {@code i}'s tile, shifted to stay inside the frame. */
    public int tileY(int i) {
        return clamp(patchY(i) - halo, height - tileHeight());
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /** Share of the frame's pixels covered by the given patches (overlaps counted once). */
    public double coverage(int[] patches, int count) {
        if (count <= 0) {
            return 0;
        }
        boolean[] covered = new boolean[width * height];
        long n = 0;
        for (int j = 0; j < count; j++) {
            int px = patchX(patches[j]);
            int py = patchY(patches[j]);
            for (int r = 0; r < patchSize; r++) {
                int row = (py + r) * width + px;
                for (int c = 0; c < patchSize; c++) {
                    if (!covered[row + c]) {
                        covered[row + c] = true;
                        n++;
                    }
                }
            }
        }
        return (double) n / ((long) width * height);
    }
}
