package io.dejavu.training.probe;

/** A library class that grew a main (a probe for ArchitectureRulesTest). */
public final class LibraryWithMain {
    private LibraryWithMain() {}

    public static void main(String[] args) {
        System.out.println(args.length);
    }
}
