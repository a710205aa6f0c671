package io.dejavu.app.services;

import io.dejavu.app.call.Ringer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings with a generated two-tone (440 + 480 Hz, 2 s on, 4 s off, as North American phones do)
 * on its own thread. Without a sound device it stays silent and says so once in the log; the
 * incoming-call card still pulses.
 */
public final class ToneRinger implements Ringer {
    private static final Logger log = LoggerFactory.getLogger(ToneRinger.class);
    private static final float RATE = 8000;
    private static volatile boolean warned;
    private Thread thread;

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(ToneRinger::ring, "dejavu-ringer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    private static void ring() {
        AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
        byte[] tone = tone(2.0);
        byte[] silence = new byte[(int) (RATE * 4) * 2];
        try (SourceDataLine line = AudioSystem.getSourceDataLine(format)) {
            line.open(format, (int) RATE); // half a second of buffer: stops promptly
            line.start();
            while (!Thread.currentThread().isInterrupted()) {
                if (!write(line, tone) || !write(line, silence)) {
                    break;
                }
            }
            line.stop();
            line.flush();
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            if (!warned) {
                warned = true;
                log.info("No sound device for the ring tone ({}); ringing silently", e.getMessage());
            }
        }
    }

    /** Writes in small pieces so an interrupt stops the ring within a fraction of a second. */
    private static boolean write(SourceDataLine line, byte[] pcm) {
        int chunk = (int) (RATE / 10) * 2;
        for (int off = 0; off < pcm.length; off += chunk) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            line.write(pcm, off, Math.min(chunk, pcm.length - off));
        }
        return true;
    }

    private static byte[] tone(double seconds) {
        int n = (int) (RATE * seconds);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            double t = i / RATE;
            double s = 0.25 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
            short v = (short) (s * Short.MAX_VALUE);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return pcm;
    }
}
