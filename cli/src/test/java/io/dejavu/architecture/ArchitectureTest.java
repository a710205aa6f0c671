package io.dejavu.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the modules the layers they claim to be (ADR 0002). The cli module's test class path holds
 * every module, so this one test sees the whole product: its main code only, not the test code
 * (test-classes folders and the modules' test-jars).
 *
 * <p>The structure: libraries ({@code protocol}, {@code enhancer}, {@code patch-scorer}, {@code
 * caller-model-store-client}, {@code caller-model-store}, {@code signaling-server}, {@code
 * call-engine}, {@code training-tools}, {@code call-learning}) carry no main and no command-line or benchmark library; the
 * desktop client ({@code app}) reaches no server, training or command code and has one main, its own
 * entry point; every command lives in {@code cli}, which nothing depends on.
 */
@AnalyzeClasses(packages = "io.dejavu", importOptions = ArchitectureTest.MainCodeOnly.class)
class ArchitectureTest {

    /** Leaves out test classes, whether in a test-classes folder or in a module's test-jar. */
    static final class MainCodeOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }

    private static final DescribedPredicate<JavaMethod> A_MAIN = DescribedPredicate.describe(
            "a main method",
            m -> m.getName().equals("main")
                    && m.getModifiers().contains(JavaModifier.STATIC)
                    && m.getRawParameterTypes().size() == 1
                    && m.getRawParameterTypes().get(0).getName().equals(String[].class.getName()));

    @ArchTest
    static final ArchRule onlyTheAppUsesJavaFx = noClasses()
            .that()
            .resideOutsideOfPackage("io.dejavu.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..")
            .because("only the desktop app may depend on JavaFX; services and tools run headless");

    @ArchTest
    static final ArchRule librariesHaveNoMain = methods()
            .that(A_MAIN)
            .and()
            .areDeclaredInClassesThat()
            .resideOutsideOfPackage("io.dejavu.app..")
            .should()
            .beDeclaredInClassesThat()
            .resideInAPackage("io.dejavu.cli..")
            .because("every command lives in the cli module; a library is used, not run");

    @ArchTest
    static final ArchRule theAppsOnlyMainIsItsEntryPoint = methods()
            .that(A_MAIN)
            .and()
            .areDeclaredInClassesThat()
            .resideInAPackage("io.dejavu.app..")
            .should()
            .beDeclaredInClassesThat()
            .haveFullyQualifiedName("io.dejavu.app.desktop.DesktopMain")
            .because("the installed app starts at DesktopMain; the demo and the tools are commands of the cli"
                    + " module");

    @ArchTest
    static final ArchRule theAppReachesNoServerTrainingOrCommand = noClasses()
            .that()
            .resideInAPackage("io.dejavu.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.dejavu.signaling..", "io.dejavu.store.server..", "io.dejavu.training..", "io.dejavu.cli..")
            .because("the desktop client ships without servers or the command tools, and reaches training only"
                    + " through call-learning (ADR 0701)");

    @ArchTest
    static final ArchRule commandLineAndBenchmarkLibrariesStayInCommands = noClasses()
            .that()
            .resideOutsideOfPackages("io.dejavu.cli..", "io.dejavu.app.desktop..", "io.dejavu.protocol.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("picocli..", "org.openjdk.jmh..")
            .because("option parsing and benchmarks are the commands' (the shared picocli base is"
                    + " protocol.cli, the desktop app parses its own few options)");

    @ArchTest
    static final ArchRule modulesDependDownwardOnly = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("protocol")
            .definedBy("io.dejavu.protocol..")
            .layer("enhancer")
            .definedBy("io.dejavu.enhancer..")
            .layer("patch-scorer")
            .definedBy("io.dejavu.scorer..")
            .layer("caller-model-store-client")
            .definedBy("io.dejavu.store", "io.dejavu.store.client..")
            .layer("caller-model-store")
            .definedBy("io.dejavu.store.server..")
            .layer("signaling-server")
            .definedBy("io.dejavu.signaling..")
            .layer("call-engine")
            .definedBy("io.dejavu.call..")
            .layer("training-tools")
            .definedBy("io.dejavu.training..")
            .layer("call-learning")
            .definedBy("io.dejavu.learning..")
            .layer("app")
            .definedBy("io.dejavu.app..")
            .layer("cli")
            .definedBy("io.dejavu.cli..")
            .whereLayer("cli")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("app")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("call-learning")
            .mayOnlyBeAccessedByLayers("app", "cli")
            .whereLayer("training-tools")
            .mayOnlyBeAccessedByLayers("call-learning", "cli")
            .whereLayer("call-engine")
            .mayOnlyBeAccessedByLayers("call-learning", "app", "cli")
            .whereLayer("signaling-server")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("caller-model-store")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("caller-model-store-client")
            .mayOnlyBeAccessedByLayers("caller-model-store", "training-tools", "call-learning", "app", "cli")
            .whereLayer("patch-scorer")
            .mayOnlyBeAccessedByLayers("caller-model-store", "training-tools", "app", "cli")
            .whereLayer("enhancer")
            .mayOnlyBeAccessedByLayers("patch-scorer", "caller-model-store", "training-tools", "app", "cli")
            .whereLayer("protocol")
            .mayOnlyBeAccessedByLayers(
                    "enhancer",
                    "patch-scorer",
                    "caller-model-store-client",
                    "caller-model-store",
                    "signaling-server",
                    "call-engine",
                    "training-tools",
                    "call-learning",
                    "app",
                    "cli");

    @ArchTest
    static final ArchRule internalPackagesStayInTheirModule = noClasses()
            .that()
            .resideOutsideOfPackage("io.dejavu.store..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.dejavu.store..internal..")
            .because("a module's internal packages are not its API");
}
