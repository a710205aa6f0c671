package io.dejavu.app.probe;

/** A second main in the app beside DesktopMain (a probe for ArchitectureRulesTest). */
public final class SecondAppMain {
    private SecondAppMain() {}

    public static void main(String[] args) {
        System.out.println(args.length);
    }
}
