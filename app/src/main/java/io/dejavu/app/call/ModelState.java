package io.dejavu.app.call;

/** Where fetching the peer's model stands, as the call screen shows it. */
public sealed interface ModelState {
    /** A sentence for the stats overlay and the call screen. */
    String describe();

    record Fetching() implements ModelState {
        @Override
        public String describe() {
            return "fetching model…";
        }
    }

    record Ready(PeerModel model) implements ModelState {
        @Override
        public String describe() {
            return model.describe();
        }
    }

    /** No model exists for the peer, or the call had no ticket: video is shown as decoded. */
    record None(String why) implements ModelState {
        @Override
        public String describe() {
            return "no model (" + why + ")";
        }
    }

    /** The store could not be reached or the model was bad: video is shown as decoded. */
    record Failed(String why) implements ModelState {
        @Override
        public String describe() {
            return "no model: fetch failed (" + why + ")";
        }
    }
}
