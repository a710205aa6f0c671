package io.dejavu.app.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.desktop.DesktopMain;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The installed app's class path ({@code target/desktop-classpath.txt}, written by the app POM, ADR
 * 0603) holds every class {@link DesktopMain} can reach, and no jar of servers, benchmarks or
 * commands (the app depends on none of them, ADR 0002). Training (training-tools and DJL) is in it
 * since issue 17: the app fine-tunes the user's model from their calls, through call-learning only.
 */
class DesktopClasspathTest {
    private static final Path TARGET = Path.of("target");

    @Test
    void holdsEveryClassTheDesktopMainReaches() throws IOException {
        Set<Path> allowed = desktopClasspath();
        allowed.add(TARGET.resolve("classes").toAbsolutePath().normalize());
        Map<String, URL> reached =
                ClassReach.from(DesktopMain.class.getName(), DesktopClasspathTest.class.getClassLoader());
        Map<Path, String> missing = new TreeMap<>();
        for (Map.Entry<String, URL> e : reached.entrySet()) {
            Path source = codeSource(e.getValue(), e.getKey());
            if (!allowed.contains(source)) {
                missing.putIfAbsent(source, e.getKey());
            }
        }
        assertTrue(reached.size() > 1000, "reached only " + reached.size() + " classes");
        assertEquals(Map.of(), missing, "left out of the desktop class path but reached (a class from each)");
    }

    @Test
    void leavesOutServersBenchmarksAndCommands() throws IOException {
        List<String> heavy = desktopClasspath().stream()
                .map(p -> p.toString().replace('\\', '/'))
                .filter(
                        p -> p.matches(
                                ".*/(org/openjdk/jmh|io/javalin|org/eclipse/jetty|org/xerial|org/postgresql|org/flywaydb|com/zaxxer|signaling-server|caller-model-store|cli)/.*"))
                .toList();
        assertEquals(List.of(), heavy);
    }

    @Test
    void carriesTheLearnerForLearningFromCalls() throws IOException {
        List<String> jars =
                desktopClasspath().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("call-learning-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("training-tools-")), jars.toString());
    }

    private static Set<Path> desktopClasspath() throws IOException {
        Path file = TARGET.resolve("desktop-classpath.txt");
        return Arrays.stream(Files.readString(file).trim().split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().normalize())
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    /** The jar or class folder a class file was found in. */
    private static Path codeSource(URL url, String className) {
        try {
            String s = url.toString();
            if (s.startsWith("jar:")) {
                return Path.of(URI.create(s.substring(4, s.indexOf("!/")))).normalize();
            }
            Path file = Path.of(url.toURI());
            for (int i = 0; i < className.split("/").length; i++) {
                file = file.getParent();
            }
            return file.normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unreadable class location " + url, e);
        }
    }
}
