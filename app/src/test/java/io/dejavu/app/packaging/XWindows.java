package io.dejavu.app.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an X display shows, read with {@code xwininfo} (Debian's {@code x11-utils}). Titles are
 * compared in Java, not passed to xwininfo, so they may hold any character whatever the locale.
 */
final class XWindows {
    private static final Pattern TREE_LINE = Pattern.compile("^\\s*(0x[0-9a-f]+) \"(.*)\":", Pattern.MULTILINE);

    private final String display;

    XWindows(String display) {
        Tools.require("xwininfo", "x11-utils");
        this.display = display;
    }

    /** The id of a window titled exactly {@code title} that is mapped and viewable. */
    Optional<String> viewable(String title) throws IOException, InterruptedException {
        Matcher m = TREE_LINE.matcher(run("-root", "-tree"));
        while (m.find()) {
            if (m.group(2).equals(title) && run("-id", m.group(1)).contains("Map State: IsViewable")) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** The titles of all windows, mapped or not (for failure messages). */
    List<String> titles() throws IOException, InterruptedException {
        List<String> titles = new ArrayList<>();
        Matcher m = TREE_LINE.matcher(run("-root", "-tree"));
        while (m.find()) {
            titles.add(m.group(2));
        }
        return titles;
    }

    private String run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "xwininfo";
        command[1] = "-display";
        command[2] = display;
        System.arraycopy(args, 0, command, 3, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // xwininfo converts titles to the locale's charset; under C or POSIX an em dash is lost.
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
