package io.dejavu.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.dejavu.app.desktop.DesktopMain;
import io.dejavu.app.probe.AppUsingServer;
import io.dejavu.app.probe.SecondAppMain;
import io.dejavu.enhancer.probe.LibraryUsingJavaFx;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.training.probe.LibraryWithMain;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest} fails on a class that breaks it (the probes, test classes
 * in the modules' packages), so a rule that holds on the product holds because the product keeps
 * it, not because the rule cannot fail.
 */
class ArchitectureRulesTest {
    @Test
    void aLibraryWithAMainFails() {
        assertViolates(ArchitectureTest.librariesHaveNoMain, LibraryWithMain.class, "LibraryWithMain.main");
    }

    @Test
    void aSecondMainInTheAppFails() {
        assertViolates(ArchitectureTest.theAppsOnlyMainIsItsEntryPoint, SecondAppMain.class, "SecondAppMain.main");
        EvaluationResult entry = ArchitectureTest.theAppsOnlyMainIsItsEntryPoint
                .allowEmptyShould(true)
                .evaluate(new ClassFileImporter().importClasses(DesktopMain.class));
        assertTrue(!entry.hasViolation(), entry.getFailureReport().toString());
    }

    @Test
    void theAppReachingAServerFails() {
        JavaClasses classes = new ClassFileImporter().importClasses(AppUsingServer.class, SignalingServerOptions.class);
        EvaluationResult result = ArchitectureTest.theAppReachesNoServerTrainingOrCommand.evaluate(classes);
        assertTrue(result.hasViolation(), "no violation reported");
        assertTrue(result.getFailureReport().toString().contains("SignalingServerOptions"));
        EvaluationResult layers = ArchitectureTest.modulesDependDownwardOnly.evaluate(classes);
        assertTrue(layers.hasViolation(), "the layers let the app reach the signaling server");
    }

    @Test
    void javaFxOutsideTheAppFails() {
        assertViolates(ArchitectureTest.onlyTheAppUsesJavaFx, LibraryUsingJavaFx.class, "javafx.scene.paint.Color");
    }

    private static void assertViolates(ArchRule rule, Class<?> probe, String named) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(probe));
        assertTrue(result.hasViolation(), "no violation reported for " + probe.getSimpleName());
        String report = result.getFailureReport().toString();
        assertTrue(report.contains(named), report);
    }
}
