package io.dejavu.training.train;

import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.PairMaker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Pair making over many clips, as many at a time as the pair maker keeps up with on up to 16
 * cores (one per core for FFmpeg, half the cores for real-time calls): the training job's clips
 * and the range calibration's held-back footage go through it alike.
 */
final class ClipsAtOnce {
    private ClipsAtOnce() {}

    /** How many of {@code clips} clips {@code maker} may work on at the same time here. */
    static int parallelism(PairMaker maker, int clips) {
        int cores = Math.min(16, Runtime.getRuntime().availableProcessors());
        return Math.max(1, Math.min(maker.parallelism(cores), clips));
    }

    /**
     * {@code work} for clips {@code 0..count-1}, {@code parallel} at a time, results in clip order.
     *
     * @throws TrainingException the first clip's failure as it was thrown (other failures wrapped)
     */
    static <R> List<R> run(int count, int parallel, String thread, IntFunction<R> work) {
        List<R> out = new ArrayList<>(count);
        if (parallel <= 1) {
            for (int i = 0; i < count; i++) {
                out.add(work.apply(i));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel, run -> {
            Thread t = new Thread(run, thread);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int clip = i;
                futures.add(pool.submit(() -> work.apply(clip)));
            }
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while making pairs", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TrainingException t
                    ? t
                    : new TrainingException(
                            "making pairs failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
