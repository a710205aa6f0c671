package io.dejavu.app.render;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.video.I420Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures the renderer's conversion alone, I420 to ARGB into a reused pixel array (the render
 * thread's work per frame; the FX thread only swaps buffers since issue 14, see {@code
 * FramePathBenchmark} for the whole path). Prints a table and, on the last line, a JSON array. Not
 * a test; run it with the test class path:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Pfast -pl app -am -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp app/target/test-classes:app/target/classes:$(cat app/target/test-cp.txt) io.dejavu.app.render.RenderBenchmark
 * </pre>
 */
public final class RenderBenchmark {
    private RenderBenchmark() {}

    public static void main(String[] args) {
        int[][] sizes = {{256, 256}, {640, 360}, {1280, 720}};
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-10s %14s %14s%n", "size", "convert ms", "max fps");
        for (int[] s : sizes) {
            I420Frame frame = noise(s[0], s[1]);
            int[] argb = new int[s[0] * s[1]];
            double convert = median(300, () -> I420ToArgb.convert(frame, argb));
            double fps = 1000 / convert;
            System.out.printf(Locale.ROOT, "%-10s %14.3f %14.0f%n", s[0] + "x" + s[1], convert, fps);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("size", s[0] + "x" + s[1]);
            row.put("convert_ms", round(convert));
            rows.add(row);
        }
        try {
            System.out.println(Json.mapper().writeValueAsString(rows));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(int runs, Runnable work) {
        for (int i = 0; i < runs / 2; i++) {
            work.run(); // warm-up: let the JIT compile the loop
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static I420Frame noise(int w, int h) {
        Random r = new Random(1);
        byte[] y = new byte[w * h];
        byte[] u = new byte[I420Frame.chromaLength(w, h)];
        byte[] v = new byte[u.length];
        r.nextBytes(y);
        r.nextBytes(u);
        r.nextBytes(v);
        return new I420Frame(w, h, y, u, v, 0, I420Frame.NO_INDEX);
    }
}
