package io.dejavu.training.report;

import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.train.CurvePoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes {@code report.html} with its pictures ({@code curve.png}, {@code gain-histogram.png},
 * {@code crops.png}) beside it: training curve, per-frame gain histogram and side-by-side crops
 * (original, decoded, enhanced) with their PSNR.
 */
public final class ReportWriter {
    /**
     * What the report shows.
     *
     * @param title heading
     * @param summary lines of text (settings, data, stop reason)
     * @param metrics the model's metrics
     * @param curve training curve
     * @param gains per-frame PSNR gains on validation frames
     * @param genericGains per-frame gains of the generic model on the same frames (may be empty)
     * @param size frame size of the crop planes
     * @param original original Y of the frame shown
     * @param decoded decoded Y of that frame
     * @param enhanced enhanced Y of that frame
     */
    public record Content(
            String title,
            List<String> summary,
            Map<String, Double> metrics,
            List<CurvePoint> curve,
            List<Double> gains,
            List<Double> genericGains,
            FrameSize size,
            byte[] original,
            byte[] decoded,
            byte[] enhanced) {}

    /** Whether this JVM can render text (headless machines may lack font libraries such as harfbuzz). */
    private static final boolean TEXT = canDrawText();

    private ReportWriter() {}

    @SuppressWarnings("PMD.AvoidCatchingThrowable")
    private static boolean canDrawText() {
        try {
            Graphics2D g = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB).createGraphics();
            g.drawString("x", 0, 2);
            g.dispose();
            return true;
        } catch (LinkageError | InternalError e) {
            org.slf4j.LoggerFactory.getLogger(ReportWriter.class)
                    .warn("no fonts on this machine ({}); report pictures will have no labels", e.getMessage());
            return false;
        }
    }

    private static void text(Graphics2D g, String s, int x, int y) {
        if (TEXT) {
            g.drawString(s, x, y);
        }
    }

    public static void write(Path dir, Content c) {
        try {
            ImageIO.write(curve(c.curve()), "png", dir.resolve("curve.png").toFile());
            ImageIO.write(
                    histogram(c.gains(), c.genericGains()),
                    "png",
                    dir.resolve("gain-histogram.png").toFile());
            String cropText = crops(c, dir.resolve("crops.png"));
            StringBuilder h = new StringBuilder();
            h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                    .append(esc(c.title()))
                    .append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}")
                    .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;")
                    .append("text-align:right}img{max-width:100%}</style></head><body>\n<h1>")
                    .append(esc(c.title()))
                    .append("</h1>\n<ul>\n");
            for (String s : c.summary()) {
                h.append("<li>").append(esc(s)).append("</li>\n");
            }
            h.append("</ul>\n<h2>Metrics</h2>\n<table><tr><th>metric</th><th>value</th></tr>\n");
            for (Map.Entry<String, Double> e : c.metrics().entrySet()) {
                h.append("<tr><td style=\"text-align:left\">")
                        .append(esc(e.getKey()))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.4f", e.getValue()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n<h2>Training curve</h2>\n<img src=\"curve.png\" alt=\"training curve\">\n")
                    .append("<h2>Per-frame PSNR-Y gain on held-back frames</h2>\n")
                    .append("<img src=\"gain-histogram.png\" alt=\"gain histogram\">\n")
                    .append("<h2>Crops: original / decoded / enhanced</h2>\n<p>")
                    .append(esc(cropText))
                    .append("</p>\n<img src=\"crops.png\" alt=\"crops\">\n</body></html>\n");
            Files.writeString(dir.resolve("report.html"), h, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrainingException(
                    io.dejavu.training.model.ModelDirectory.describe("cannot write the report in " + dir, e), e);
        }
    }

    private static BufferedImage curve(List<CurvePoint> curve) {
        List<String> labels = curve.stream()
                .flatMap(p -> p.byPoint().keySet().stream())
                .distinct()
                .toList();
        int w = 800, h = labels.isEmpty() ? 480 : 720;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        List<CurvePoint> loss = curve.stream()
                .filter(p -> Double.isFinite(p.loss()) && p.loss() > 0)
                .toList();
        List<CurvePoint> gain = curve.stream()
                .filter(p -> Double.isFinite(p.validationGainDb()))
                .toList();
        int maxStep = curve.stream().mapToInt(CurvePoint::step).max().orElse(1);
        plot(
                g,
                60,
                20,
                w - 80,
                190,
                loss.stream().mapToDouble(CurvePoint::step).toArray(),
                loss.stream().mapToDouble(p -> Math.log10(p.loss())).toArray(),
                maxStep,
                "log10 training loss",
                new Color(0x1f77b4));
        plot(
                g,
                60,
                260,
                w - 80,
                190,
                gain.stream().mapToDouble(CurvePoint::step).toArray(),
                gain.stream().mapToDouble(CurvePoint::validationGainDb).toArray(),
                maxStep,
                "validation PSNR-Y gain (dB)",
                new Color(0xd62728));
        if (!labels.isEmpty()) {
            perPoint(g, 60, 500, w - 80, 190, curve, labels, maxStep);
        }
        g.dispose();
        return img;
    }

    private static final Color[] SERIES = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    /** The validation gain of each operating point over the steps, one line each, on one scale. */
    private static void perPoint(
            Graphics2D g, int x0, int y0, int w, int h, List<CurvePoint> curve, List<String> labels, int maxStep) {
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x0, y0, w, h);
        text(g, "validation gain per operating point (dB)", x0 + 5, y0 + 15);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (CurvePoint p : curve) {
            for (double v : p.byPoint().values()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi - lo > 1e-9)) {
            hi = lo + 1;
        }
        text(g, String.format(Locale.ROOT, "%.3f", hi), 2, y0 + 10);
        text(g, String.format(Locale.ROOT, "%.3f", lo), 2, y0 + h);
        for (int k = 0; k < labels.size(); k++) {
            String label = labels.get(k);
            Color c = SERIES[k % SERIES.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            text(g, label, x0 + w - 150, y0 + 30 + 14 * k);
            g.setColor(c);
            int px = -1, py = -1;
            for (CurvePoint p : curve) {
                Double v = p.byPoint().get(label);
                if (v == null) {
                    continue;
                }
                int x = x0 + (int) (w * (double) p.step() / Math.max(1, maxStep));
                int y = y0 + h - (int) (h * (v - lo) / (hi - lo));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
        }
    }

    private static void plot(
            Graphics2D g, int x0, int y0, int w, int h, double[] xs, double[] ys, int maxX, String label, Color color) {
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x0, y0, w, h);
        text(g, label, x0 + 5, y0 + 15);
        if (xs.length == 0) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double y : ys) {
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        text(g, String.format(Locale.ROOT, "%.3f", hi), 2, y0 + 10);
        text(g, String.format(Locale.ROOT, "%.3f", lo), 2, y0 + h);
        text(g, "step " + maxX, x0 + w - 70, y0 + h + 15);
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1, py = -1;
        for (int i = 0; i < xs.length; i++) {
            int x = x0 + (int) (w * xs[i] / Math.max(1, maxX));
            int y = y0 + h - (int) (h * (ys[i] - lo) / (hi - lo));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillOval(x - 2, y - 2, 4, 4);
            px = x;
            py = y;
        }
    }

    private static BufferedImage histogram(List<Double> gains, List<Double> generic) {
        int w = 800, h = 320;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        double lo = 0, hi = 0;
        for (double v : gains) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (double v : generic) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        hi = Math.max(hi, lo + 0.1);
        int bins = 30;
        int[] a = bin(gains, lo, hi, bins);
        int[] b = bin(generic, lo, hi, bins);
        int max = 1;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, Math.max(a[i], b[i]));
        }
        int x0 = 50, y0 = 30, pw = w - 80, ph = h - 80;
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x0, y0, pw, ph);
        double bw = (double) pw / bins;
        for (int i = 0; i < bins; i++) {
            int x = x0 + (int) (i * bw);
            int ha = (int) ((double) ph * a[i] / max);
            g.setColor(new Color(31, 119, 180, 200));
            g.fillRect(x + 1, y0 + ph - ha, (int) (bw / 2), ha);
            int hb = (int) ((double) ph * b[i] / max);
            g.setColor(new Color(150, 150, 150, 200));
            g.fillRect(x + 1 + (int) (bw / 2), y0 + ph - hb, (int) (bw / 2) - 1, hb);
        }
        g.setColor(Color.BLACK);
        int zero = x0 + (int) (pw * (0 - lo) / (hi - lo));
        g.drawLine(zero, y0, zero, y0 + ph);
        text(g, String.format(Locale.ROOT, "%.2f dB", lo), x0, y0 + ph + 15);
        text(g, String.format(Locale.ROOT, "%.2f dB", hi), x0 + pw - 50, y0 + ph + 15);
        text(g, "frames (max " + max + "); blue: this model, grey: generic model", x0, 20);
        g.dispose();
        return img;
    }

    private static int[] bin(List<Double> values, double lo, double hi, int bins) {
        int[] c = new int[bins];
        for (double v : values) {
            c[Math.min(bins - 1, Math.max(0, (int) ((v - lo) / (hi - lo) * bins)))]++;
        }
        return c;
    }

    private static String crops(Content c, Path file) throws IOException {
        int w = c.size().width();
        int hgt = c.size().height();
        int side = Math.min(96, Math.min(w, hgt));
        int bx = 0, by = 0;
        long worst = -1;
        for (int y = 0; y + side <= hgt; y += 16) {
            for (int x = 0; x + side <= w; x += 16) {
                long sse = 0;
                for (int r = y; r < y + side; r += 2) {
                    for (int q = x; q < x + side; q += 2) {
                        int d = (c.original()[r * w + q] & 0xFF) - (c.decoded()[r * w + q] & 0xFF);
                        sse += (long) d * d;
                    }
                }
                if (sse > worst) {
                    worst = sse;
                    bx = x;
                    by = y;
                }
            }
        }
        int scale = 3;
        int gap = 10;
        BufferedImage img = canvas(3 * side * scale + 2 * gap, side * scale + 30);
        Graphics2D g = graphics(img);
        byte[][] planes = {c.original(), c.decoded(), c.enhanced()};
        String[] names = {"original", "decoded", "enhanced"};
        StringBuilder text = new StringBuilder("Window " + side + "x" + side + " at (" + bx + "," + by
                + ") where decoding lost most; PSNR-Y of the window: ");
        for (int i = 0; i < 3; i++) {
            byte[] crop = new byte[side * side];
            byte[] ref = new byte[side * side];
            for (int r = 0; r < side; r++) {
                System.arraycopy(planes[i], (by + r) * w + bx, crop, r * side, side);
                System.arraycopy(c.original(), (by + r) * w + bx, ref, r * side, side);
            }
            int ox = i * (side * scale + gap);
            for (int r = 0; r < side * scale; r++) {
                for (int q = 0; q < side * scale; q++) {
                    int v = crop[(r / scale) * side + q / scale] & 0xFF;
                    img.setRGB(ox + q, r, (v << 16) | (v << 8) | v);
                }
            }
            String label =
                    i == 0 ? names[i] : String.format(Locale.ROOT, "%s %.2f dB", names[i], Quality.psnr(ref, crop));
            g.setColor(Color.BLACK);
            text(g, label, ox + 4, side * scale + 20);
            if (i > 0) {
                text.append(label).append(i == 1 ? ", " : "");
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return text.toString();
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
