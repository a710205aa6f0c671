package io.dejavu.app.call;

import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The stats overlay: one label per line of {@link StatsLines}. */
public final class StatsOverlay extends VBox {
    public StatsOverlay(ObservableValue<StatsLines> stats) {
        setId("statsOverlay");
        getStyleClass().add("stats-overlay");
        setSpacing(2);
        setMouseTransparent(true);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        getChildren()
                .addAll(
                        line("statResolution", stats, StatsLines::resolution),
                        line("statFps", stats, StatsLines::fps),
                        line("statBitrate", stats, StatsLines::bitrate),
                        line("statCodec", stats, StatsLines::codec),
                        line("statEnhancement", stats, StatsLines::enhancement),
                        line("statTiming", stats, StatsLines::timing),
                        line("statProvider", stats, StatsLines::provider),
                        line("statModel", stats, StatsLines::model),
                        line("statDropped", stats, StatsLines::dropped));
    }

    private static Label line(String id, ObservableValue<StatsLines> stats, Function<StatsLines, String> part) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(stats.map(part));
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }
}
