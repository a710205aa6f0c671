package io.dejavu.enhancer.onnx;

/** Plain-Java forward passes of the two architectures, the oracle the ONNX graphs are checked against. */
final class ReferenceNets {
    private ReferenceNets() {}

    /** Zero-padded 3x3 convolution on [C,H,W] planes. */
    static float[][] conv(float[][] in, int h, int w, ConvWeights c, int stride) {
        int oh = (h + 2 - 3) / stride + 1;
        int ow = (w + 2 - 3) / stride + 1;
        float[][] out = new float[c.outChannels()][oh * ow];
        for (int o = 0; o < c.outChannels(); o++) {
            float b = c.bias()[o];
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double s = b;
                    for (int i = 0; i < c.inChannels(); i++) {
                        for (int ky = 0; ky < 3; ky++) {
                            int sy = y * stride + ky - 1;
                            if (sy < 0 || sy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < 3; kx++) {
                                int sx = x * stride + kx - 1;
                                if (sx < 0 || sx >= w) {
                                    continue;
                                }
                                s += c.weightAt(o, i, ky, kx) * in[i][sy * w + sx];
                            }
                        }
                    }
                    out[o][y * ow + x] = (float) s;
                }
            }
        }
        return out;
    }

    static float[][] relu(float[][] x) {
        for (float[] p : x) {
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.max(0, p[i]);
            }
        }
        return x;
    }

    static float[] edsr(EdsrWeights wts, float[] y, int h, int w) {
        float[][] x = conv(new float[][] {y}, h, w, wts.head(), 1);
        for (EdsrWeights.ResidualBlock b : wts.blocks()) {
            float[][] r = conv(relu(conv(x, h, w, b.first(), 1)), h, w, b.second(), 1);
            for (int c = 0; c < x.length; c++) {
                for (int i = 0; i < x[c].length; i++) {
                    r[c][i] += x[c][i];
                }
            }
            x = r;
        }
        float[] t = conv(x, h, w, wts.tail(), 1)[0];
        for (int i = 0; i < t.length; i++) {
            t[i] += y[i];
        }
        return t;
    }

    static float scorer(ScorerWeights s, float[] patch, int p) {
        float[][] x = relu(conv(new float[][] {patch}, p, p, s.conv1(), 2));
        int q = (p + 2 - 3) / 2 + 1;
        x = relu(conv(x, q, q, s.conv2(), 2));
        q = (q + 2 - 3) / 2 + 1;
        x = relu(conv(x, q, q, s.conv3(), 2));
        double out = s.fcBias();
        float[] fc = s.fcWeight();
        for (int c = 0; c < x.length; c++) {
            double mean = 0;
            for (float v : x[c]) {
                mean += v;
            }
            out += fc[c] * mean / x[c].length;
        }
        return (float) out;
    }
}
