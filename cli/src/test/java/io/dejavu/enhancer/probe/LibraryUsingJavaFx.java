package io.dejavu.enhancer.probe;

import javafx.scene.paint.Color;

/** A library class that uses JavaFX (a probe for ArchitectureRulesTest). */
public final class LibraryUsingJavaFx {
    private LibraryUsingJavaFx() {}

    public static Color color() {
        return Color.RED;
    }
}
