package io.dejavu.scorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.protocol.video.LatestFrameQueue;
import io.dejavu.scorer.policy.KPolicySpec;
import io.dejavu.testing.TestFrames;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnhancementPipelineTest {
    private final LatestFrameQueue queue = new LatestFrameQueue(2);
    private final BlockingQueue<FrameResult> results = new LinkedBlockingQueue<>();
    private EnhancementPipeline pipeline;

    private EnhancementPipeline start(KPolicySpec policy) {
        PipelineConfig config = PipelineConfig.builder()
                .enhancerOptions(EnhancerOptions.cpu(1))
                .policy(policy)
                .threadName("test-enhancer")
                .build();
        pipeline = new EnhancementPipeline(queue, config, results::add);
        pipeline.start();
        return pipeline;
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        queue.close();
    }

    private FrameResult send(I420Frame frame) throws InterruptedException {
        queue.offer(frame);
        FrameResult r = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no frame came out of the pipeline");
        return r;
    }

    @Test
    void passesFramesThroughWithoutAModel() throws Exception {
        start(KPolicySpec.fraction(1));
        I420Frame frame = TestFrames.textured(128, 64, 1);
        byte[] before = frame.y().clone();
        FrameResult r = send(frame);
        assertFalse(r.report().enhanced());
        assertEquals("no model loaded", r.report().passThroughReason());
        assertArrayEquals(before, r.shown().y());
        assertEquals(1, pipeline.stats().passedThrough());
    }

    @Test
    void enhancesWithALoadedModelAndKeepsTheDecodedCopy() throws Exception {
        start(KPolicySpec.fraction(0.5));
        ModelStatus status = pipeline.loadModel(ModelSource.enhancerOnly("bob", FrameEnhancerTest.scalingModel(0.2f)));
        assertTrue(status.ready(), status.toString());
        I420Frame frame = TestFrames.textured(128, 64, 2);
        byte[] before = frame.y().clone();
        FrameResult r = send(frame);
        assertTrue(r.report().enhanced(), r.report().summary());
        assertEquals(4, r.report().k());
        assertNotSame(r.decoded(), r.shown());
        assertArrayEquals(before, r.decoded().y());
        assertFalse(Arrays.equals(before, r.shown().y()));
        PipelineStats stats = pipeline.stats();
        assertEquals(1, stats.enhanced());
        assertTrue(stats.enhanceMs() > 0);
        assertEquals("CPU 1 threads", stats.last().provider());
    }

    @Test
    void withoutADecodedCopyTheResultsDecodedFrameIsTheEnhancedOneUntilACopyIsAskedFor() throws Exception {
        start(KPolicySpec.fraction(1));
        pipeline.setKeepDecodedCopy(false);
        assertTrue(pipeline.loadModel(ModelSource.enhancerOnly("bob", FrameEnhancerTest.scalingModel(0.2f)))
                .ready());
        FrameResult uncopied = send(TestFrames.textured(128, 64, 3));
        assertTrue(uncopied.report().enhanced(), uncopied.report().summary());
        assertSame(uncopied.shown(), uncopied.decoded(), "no copy made");

        pipeline.setKeepDecodedCopy(true);
        I420Frame frame = TestFrames.textured(128, 64, 4);
        byte[] before = frame.y().clone();
        FrameResult copied = send(frame);
        assertNotSame(copied.shown(), copied.decoded());
        assertArrayEquals(before, copied.decoded().y(), "the copy holds the decoded luma");
        assertSame(copied.shown().u(), copied.decoded().u(), "chroma is shared, never enhanced");
    }

    @Test
    void runsTheModelOnlyWhileTheMeasuredStreamIsInsideItsRange() throws Exception {
        start(KPolicySpec.fraction(1));
        // 128x64 at 25 fps: 0.02..0.05 bits/pixel is 4.1..10.2 kbps
        OperatingRange range = new OperatingRange(
                "vp8", List.of(new OperatingRange.Size(128, 64)), 0.02, 0.05, List.of(), OperatingRange.VALIDATED);
        ModelStatus status =
                pipeline.loadModel(new ModelSource("carol", FrameEnhancerTest.scalingModel(0.2f), new byte[0], range));
        assertTrue(status.detail().contains("range vp8 128x64"), status.detail());

        FrameResult unmeasured = send(TestFrames.textured(128, 64, 1));
        assertFalse(unmeasured.report().enhanced());
        assertTrue(
                unmeasured.report().passThroughReason().contains("waiting for the stream's measured bitrate"),
                unmeasured.report().passThroughReason());

        pipeline.observe(new StreamPoint("video/VP8", 6, 25, 128, 64));
        assertTrue(send(TestFrames.textured(128, 64, 2)).report().enhanced());

        pipeline.observe(new StreamPoint("video/VP8", 30, 25, 128, 64));
        assertTrue(send(TestFrames.textured(128, 64, 3)).report().enhanced(), "one stray second keeps it on");
        pipeline.observe(new StreamPoint("video/VP8", 31, 25, 128, 64));
        I420Frame frame = TestFrames.textured(128, 64, 4);
        byte[] before = frame.y().clone();
        FrameResult above = send(frame);
        assertFalse(above.report().enhanced());
        assertTrue(
                above.report().passThroughReason().startsWith("outside the model's range: ")
                        && above.report().passThroughReason().contains("above the model's range"),
                above.report().passThroughReason());
        assertArrayEquals(before, above.shown().y());
    }

    @Test
    void corruptModelIsReportedAndFramesKeepFlowing() throws Exception {
        start(KPolicySpec.fraction(1));
        byte[] good = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L));
        ModelStatus status = pipeline.loadModel(ModelSource.enhancerOnly("eve", Arrays.copyOf(good, 100)));
        assertEquals(ModelStatus.State.FAILED, status.state());
        assertTrue(status.detail().startsWith("enhancer model is not a loadable ONNX model"), status.detail());
        for (int i = 0; i < 3; i++) {
            FrameResult r = send(TestFrames.textured(128, 64, i));
            assertFalse(r.report().enhanced());
            assertEquals(status.detail(), r.report().passThroughReason());
        }
        assertEquals(3, pipeline.stats().passedThrough());
    }

    @Test
    void modelFailingWhileRunningFallsBackToPassThrough() throws Exception {
        start(KPolicySpec.fraction(1));
        ModelStatus status = pipeline.loadModel(ModelSource.enhancerOnly("mallory", only24Square()));
        assertTrue(status.ready(), status.toString());
        I420Frame frame = TestFrames.textured(128, 64, 3);
        byte[] before = frame.y().clone();
        FrameResult r = send(frame);
        assertFalse(r.report().enhanced());
        assertTrue(
                r.report().passThroughReason().startsWith("model failed while running"),
                r.report().passThroughReason());
        assertArrayEquals(before, r.shown().y());
        assertEquals(ModelStatus.State.FAILED, pipeline.modelStatus().state());
        assertFalse(send(TestFrames.textured(128, 64, 4)).report().enhanced());
    }

    @Test
    void modelCanBeSwappedClearedAndSwitchedOff() throws Exception {
        start(KPolicySpec.fraction(1));
        pipeline.loadModel(ModelSource.enhancerOnly("identity", OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1))));
        I420Frame a = TestFrames.textured(128, 64, 5);
        byte[] before = a.y().clone();
        FrameResult r1 = send(a);
        assertTrue(r1.report().enhanced());
        assertArrayEquals(before, r1.shown().y());

        pipeline.loadModel(ModelSource.enhancerOnly("brighter", FrameEnhancerTest.scalingModel(0.3f)));
        I420Frame b = TestFrames.textured(128, 64, 6);
        before = b.y().clone();
        FrameResult r2 = send(b);
        assertEquals(
                Math.min(255, Math.round((before[0] & 0xff) * 1.3f)), r2.shown().y()[0] & 0xff);

        pipeline.setEnabled(false);
        assertEquals(
                "enhancement off",
                send(TestFrames.textured(128, 64, 7)).report().passThroughReason());
        pipeline.setEnabled(true);
        assertTrue(send(TestFrames.textured(128, 64, 8)).report().enhanced());

        pipeline.clearModel();
        assertEquals(
                "no model loaded",
                send(TestFrames.textured(128, 64, 9)).report().passThroughReason());
    }

    @Test
    void newestFrameWinsWhenThePipelineFallsBehind() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PipelineConfig config = PipelineConfig.builder()
                .enhancerOptions(EnhancerOptions.cpu(1))
                .threadName("test-enhancer")
                .build();
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
        pipeline = new EnhancementPipeline(queue, config, r -> {
            seen.add(r.shown().index());
            try {
                release.await(10, TimeUnit.SECONDS); // a slow consumer holds the first frame
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pipeline.start();
        queue.offer(TestFrames.textured(64, 32, 0).withIndex(0, 0));
        assertEquals(0L, seen.poll(10, TimeUnit.SECONDS));
        for (long i = 1; i <= 10; i++) {
            queue.offer(TestFrames.textured(64, 32, 0).withIndex(i, i));
        }
        release.countDown();
        assertEquals(10L, seen.poll(10, TimeUnit.SECONDS), "the newest frame comes next");
        assertEquals(2, pipeline.stats().processed());
        assertEquals(9, pipeline.stats().dropped());
    }

    @Test
    void generousBudgetEndsInFullFrameMode() throws Exception {
        start(KPolicySpec.budget(java.time.Duration.ofSeconds(1)));
        pipeline.loadModel(ModelSource.enhancerOnly("edsr", OnnxModels.writeEnhancer(EdsrWeights.random(8, 2, 1L))));
        FrameReport last = null;
        for (int i = 0; i < 12; i++) {
            last = send(TestFrames.textured(160, 96, i)).report();
        }
        assertEquals(FrameReport.Outcome.ENHANCED_FULL_FRAME, last.outcome(), last.summary());
    }

    @Test
    void budgetTooSmallForAnyPatchPassesFramesThrough() throws Exception {
        start(KPolicySpec.budget(java.time.Duration.ofMillis(1)));
        pipeline.loadModel(ModelSource.enhancerOnly("edsr", OnnxModels.writeEnhancer(EdsrWeights.random(16, 4, 1L))));
        int passed = 0;
        for (int i = 0; i < 12; i++) {
            FrameReport r = send(TestFrames.textured(320, 180, i)).report();
            if (!r.enhanced()) {
                assertEquals("k = 0", r.passThroughReason());
                passed++;
            } else {
                assertTrue(r.k() <= 12, "k stays tiny, got " + r.k());
            }
        }
        assertTrue(passed >= 6, passed + " of 12 frames passed through");
    }

    /** Declares [N,1,H,W] but reshapes to [-1,1,24,24]: loads, then fails on real frames. */
    private static byte[] only24Square() {
        var f = OnnxMl.TensorProto.DataType.FLOAT;
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("bad");
        g.addInput(vi("y", f));
        g.addOutput(vi("y_enhanced", f));
        g.addInitializer(OnnxMl.TensorProto.newBuilder()
                .setName("shape")
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(4)
                .addAllInt64Data(java.util.List.of(-1L, 1L, 24L, 24L)));
        g.addNode(OnnxMl.NodeProto.newBuilder()
                .setOpType("Reshape")
                .addInput("y")
                .addInput("shape")
                .addOutput("y_enhanced"));
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
                        .setKey(OnnxModels.META_RECEPTIVE_FIELD)
                        .setValue("0"))
                .setGraph(g)
                .build()
                .toByteArray();
    }

    private static OnnxMl.ValueInfoProto vi(String name, OnnxMl.TensorProto.DataType type) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (String d : new String[] {"N", "C", "H", "W"}) {
            shape.addDim(
                    d.equals("C")
                            ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1)
                            : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(type.getNumber())
                                .setShape(shape)))
                .build();
    }
}
