package io.dejavu.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the modules the layers they claim to be. The cli module's test classpath holds every module, so
 * this one test sees the whole product.
 */
@AnalyzeClasses(packages = "io.dejavu", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheAppUsesJavaFx = noClasses()
            .that()
            .resideOutsideOfPackage("io.dejavu.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javafx..")
            .because("only the desktop app may depend on JavaFX; services and tools run headless");

    @ArchTest
    static final ArchRule modulesDependDownwardOnly = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("protocol")
            .definedBy("io.dejavu.protocol..")
            .layer("enhancer")
            .definedBy("io.dejavu.enhancer..")
            .layer("patch-scorer")
            .definedBy("io.dejavu.scorer..")
            .layer("caller-model-store")
            .definedBy("io.dejavu.store..")
            .layer("signaling-server")
            .definedBy("io.dejavu.signaling..")
            .layer("call-engine")
            .definedBy("io.dejavu.call..")
            .layer("training-tools")
            .definedBy("io.dejavu.training..")
            .layer("app")
            .definedBy("io.dejavu.app..")
            .whereLayer("app")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("training-tools")
            .mayOnlyBeAccessedByLayers("app")
            .whereLayer("call-engine")
            .mayOnlyBeAccessedByLayers("app")
            .whereLayer("signaling-server")
            .mayOnlyBeAccessedByLayers("call-engine", "app")
            .whereLayer("caller-model-store")
            .mayOnlyBeAccessedByLayers("training-tools", "app")
            .whereLayer("patch-scorer")
            .mayOnlyBeAccessedByLayers("caller-model-store", "training-tools", "app")
            .whereLayer("enhancer")
            .mayOnlyBeAccessedByLayers("patch-scorer", "caller-model-store", "training-tools", "app")
            .whereLayer("protocol")
            .mayOnlyBeAccessedByLayers(
                    "enhancer",
                    "patch-scorer",
                    "caller-model-store",
                    "signaling-server",
                    "call-engine",
                    "training-tools",
                    "app");

    @ArchTest
    static final ArchRule internalPackagesStayInTheirModule = noClasses()
            .that()
            .resideOutsideOfPackage("io.dejavu.store..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.dejavu.store..internal..")
            .because("a module's internal packages are not its API");
}
