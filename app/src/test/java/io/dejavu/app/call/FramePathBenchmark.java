package io.dejavu.app.call;

import io.dejavu.app.fakes.FakeActiveCall;
import io.dejavu.app.fakes.FakeSession;
import io.dejavu.app.fakes.Fakes;
import io.dejavu.app.services.PipelineEnhancementService;
import io.dejavu.app.session.CallStats;
import io.dejavu.app.session.SessionEvent;
import io.dejavu.app.settings.AppSettings;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.video.I420Frame;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Measures the desktop app's frame path for one 640x360 stream: a frame offered to the call's
 * received-frame queue goes through the enhancement run (no model: passed through), the call view's
 * sinks and the remote renderer into the image of a shown call window (Monocle headless, software
 * Prism). Frames come at 30 fps; each waits until it is on the image before the next is due.
 *
 * <p>Prints, per frame: the latency from the queue to the image (median, p90) and, for each thread
 * of the path, the CPU time and the bytes it allocated (ThreadMXBean). Last line: JSON. Not a test;
 * run it with the test class path:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Pfast -pl app -am -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp app/target/test-classes:app/target/classes:$(cat app/target/test-cp.txt) io.dejavu.app.call.FramePathBenchmark [frames]
 * </pre>
 */
public final class FramePathBenchmark {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final long FRAME_NANOS = TimeUnit.SECONDS.toNanos(1) / 30;
    private static final String[] THREADS = {
        "dejavu-enhancer-", "dejavu-render-remote-enhanced", "JavaFX Application Thread"
    };

    private FramePathBenchmark() {}

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("headless.geometry", "1280x800-32");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(20, TimeUnit.SECONDS);

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("bench-ticker"));
        ExecutorService background = Executors.newSingleThreadExecutor(daemon("bench-background"));
        FakeActiveCall call = new FakeActiveCall(null); // no ticket: no model, frames pass through
        // A 60 fps stream as far as the renderers' rate limit goes (the view model reads it off the
        // call stats each second): frames fed at 30 fps then never wait for the limit.
        call.stats = new CallStats(WIDTH, HEIGHT, 59, 30, 300, 300, "VP8", 2);
        CallView view = onFx(() -> {
            CallViewModel vm = new CallViewModel(
                    Platform::runLater,
                    background,
                    ticker,
                    r -> new ModelState.None("benchmark"),
                    new PipelineEnhancementService(EnhancerOptions.defaults()),
                    new Fakes.RecordingRinger(),
                    AppSettings::defaults);
            vm.attach(new FakeSession("bench"));
            CallView v = new CallView(vm, Platform::runLater);
            Stage stage = new Stage();
            stage.setScene(new Scene(v, 960, 600));
            stage.show();
            vm.dial("peer");
            vm.handle(new SessionEvent.Connected("c1", "peer", call));
            return v;
        });

        I420Frame[] source = new I420Frame[8];
        for (int i = 0; i < source.length; i++) {
            source[i] = noise(WIDTH, HEIGHT, i);
        }
        run(call, view, source, frames / 2); // warm-up: JIT, buffers, the window's first layout
        long[] threads = threadIds();
        long[] cpu0 = cpu(threads);
        long[] bytes0 = allocated(threads);
        double[] latency = run(call, view, source, frames);
        long[] cpu1 = cpu(threads);
        long[] bytes1 = allocated(threads);
        report(frames, latency, threads, cpu0, cpu1, bytes0, bytes1);
        Platform.exit();
        System.exit(0);
    }

    private static double[] run(FakeActiveCall call, CallView view, I420Frame[] source, int frames) {
        double[] ms = new double[frames];
        long next = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next = Math.max(next + FRAME_NANOS, System.nanoTime()); // no backlog after a slow frame
            long shown = view.remoteRenderer().presentedCount();
            long t0 = System.nanoTime();
            call.queue.offer(source[i % source.length]);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(2);
            while (view.remoteRenderer().presentedCount() == shown && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000);
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static void report(
            int frames, double[] latency, long[] threads, long[] cpu0, long[] cpu1, long[] bytes0, long[] bytes1)
            throws Exception {
        Arrays.sort(latency);
        double median = latency[latency.length / 2];
        double p90 = latency[(int) (latency.length * 0.9)];
        System.out.printf(
                Locale.ROOT, "%dx%d, %d frames at 30 fps, passed through (no model)%n", WIDTH, HEIGHT, frames);
        System.out.printf(Locale.ROOT, "queue -> image latency: median %.2f ms, p90 %.2f ms%n", median, p90);
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "thread", "cpu ms/frame", "bytes/frame");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int t = 0; t < threads.length; t++) {
            double cpuMs = (cpu1[t] - cpu0[t]) / 1e6 / frames;
            long perFrame = (bytes1[t] - bytes0[t]) / frames;
            System.out.printf(Locale.ROOT, "%-34s %14.3f %14d%n", THREADS[t], cpuMs, perFrame);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("thread", THREADS[t]);
            row.put("cpu_ms_per_frame", Math.round(cpuMs * 1000) / 1000.0);
            row.put("bytes_per_frame", perFrame);
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("size", WIDTH + "x" + HEIGHT);
        json.put("frames", frames);
        json.put("latency_ms_median", Math.round(median * 1000) / 1000.0);
        json.put("latency_ms_p90", Math.round(p90 * 1000) / 1000.0);
        json.put("threads", rows);
        System.out.println(Json.mapper().writeValueAsString(json));
    }

    private static long[] threadIds() {
        long[] ids = new long[THREADS.length];
        for (int t = 0; t < THREADS.length; t++) {
            String prefix = THREADS[t];
            ids[t] = Thread.getAllStackTraces().keySet().stream()
                    .filter(th -> th.getName().startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no thread named " + prefix + "*"))
                    .getId();
        }
        return ids;
    }

    private static com.sun.management.ThreadMXBean mx() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    private static long[] cpu(long[] ids) {
        return Arrays.stream(ids).map(id -> mx().getThreadCpuTime(id)).toArray();
    }

    private static long[] allocated(long[] ids) {
        return mx().getThreadAllocatedBytes(ids);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(20, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static I420Frame noise(int w, int h, int seed) {
        Random r = new Random(seed);
        byte[] y = new byte[w * h];
        byte[] u = new byte[I420Frame.chromaLength(w, h)];
        byte[] v = new byte[u.length];
        r.nextBytes(y);
        r.nextBytes(u);
        r.nextBytes(v);
        return new I420Frame(w, h, y, u, v, 0, I420Frame.NO_INDEX);
    }
}
