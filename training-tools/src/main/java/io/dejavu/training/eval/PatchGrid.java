package io.dejavu.training.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a frame into a grid of {@code P x P} cells (edge cells clipped to the frame), as the
 * runtime does for top-k enhancement. Each cell is scored on the {@code P x P} window that contains
 * it and lies inside the frame.
 */
public final class PatchGrid {
    /**
     * One cell.
     *
     * @param x left column of the cell
     * @param y top row of the cell
     * @param w cell width (P, less at the right edge)
     * @param h cell height (P, less at the bottom edge)
     * @param sx left column of the scoring window
     * @param sy top row of the scoring window
     */
    public record Cell(int x, int y, int w, int h, int sx, int sy) {}

    private PatchGrid() {}

    /** The cells of a {@code width x height} frame for patch side {@code p}. */
    public static List<Cell> cells(int width, int height, int p) {
        if (width < p || height < p) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " is smaller than patch " + p);
        }
        List<Cell> cells = new ArrayList<>();
        for (int y = 0; y < height; y += p) {
            for (int x = 0; x < width; x += p) {
                int w = Math.min(p, width - x);
                int h = Math.min(p, height - y);
                cells.add(new Cell(x, y, w, h, Math.min(x, width - p), Math.min(y, height - p)));
            }
        }
        return cells;
    }

    /** Sum of squared differences of two planes inside a cell. */
    public static long sse(byte[] a, byte[] b, int width, Cell c) {
        long s = 0;
        for (int y = c.y(); y < c.y() + c.h(); y++) {
            int row = y * width;
            for (int x = c.x(); x < c.x() + c.w(); x++) {
                int d = (a[row + x] & 0xFF) - (b[row + x] & 0xFF);
                s += (long) d * d;
            }
        }
        return s;
    }

    /**
     * Total variation (sum of absolute horizontal and vertical differences) of a {@code p x p}
     * scoring window: the model-free heuristic of MobiSR, used as the baseline for the scorer.
     */
    public static double totalVariation(byte[] plane, int width, Cell c, int p) {
        long tv = 0;
        for (int y = c.sy(); y < c.sy() + p; y++) {
            int row = y * width;
            for (int x = c.sx(); x < c.sx() + p; x++) {
                int v = plane[row + x] & 0xFF;
                if (x + 1 < c.sx() + p) {
                    tv += Math.abs(v - (plane[row + x + 1] & 0xFF));
                }
                if (y + 1 < c.sy() + p) {
                    tv += Math.abs(v - (plane[row + width + x] & 0xFF));
                }
            }
        }
        return tv;
    }
}
