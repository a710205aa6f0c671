package io.dejavu.cli.demo;

import io.dejavu.call.Call;
import io.dejavu.call.CallOptions;
import io.dejavu.call.CallStats;
import io.dejavu.call.FrameReference;
import io.dejavu.call.MediaException;
import io.dejavu.call.VideoCodec;
import io.dejavu.call.VideoSourceSpec;
import io.dejavu.call.signaling.CallHandle;
import io.dejavu.call.signaling.SignalingCalls;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.learning.pairs.RuntimeLease;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingException;
import io.dejavu.protocol.signaling.client.SignalingListener;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.scorer.pipeline.EnhancementPipeline;
import io.dejavu.scorer.pipeline.ModelSource;
import io.dejavu.scorer.pipeline.ModelStatus;
import io.dejavu.scorer.pipeline.PipelineConfig;
import io.dejavu.scorer.pipeline.StreamPoint;
import io.dejavu.scorer.policy.KPolicySpec;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo call without windows: alice (the caller, sending the later part of her footage) calls
 * bob through the embedded signaling server; bob fetches alice's model from the store with the
 * ticket the server issued, runs every received frame through the enhancement pipeline, and the
 * demo pairs each frame with the one alice sent to measure the gain on the real call path.
 */
final class HeadlessDemo {
    /** How the demo call runs; {@code tier}: which tier of the caller's bundle the callee runs. */
    record Settings(
            VideoCodec codec,
            int bitrateKbps,
            Duration measured,
            Duration warmUp,
            KPolicySpec policy,
            int threads,
            CalleeTier tier) {
        /** The callee picks the tier, as every receiver does. */
        Settings(
                VideoCodec codec,
                int bitrateKbps,
                Duration measured,
                Duration warmUp,
                KPolicySpec policy,
                int threads) {
            this(codec, bitrateKbps, measured, warmUp, policy, threads, CalleeTier.PICKED);
        }

        Settings {
            java.util.Objects.requireNonNull(tier, "tier");
        }
    }

    private final DemoServers servers;
    private final Path work;
    private final PrintWriter out;
    private final PrintWriter err;

    HeadlessDemo(DemoServers servers, Path work, PrintWriter out, PrintWriter err) {
        this.servers = servers;
        this.work = work;
        this.out = out;
        this.err = err;
    }

    DemoResult run(DemoFootage footage, Settings settings) throws IOException, InterruptedException {
        long started = System.nanoTime();
        try (RuntimeLease lease = RuntimeLease.acquire();
                SignalingClient alice = connect(servers.callerToken());
                SignalingClient bob = connect(servers.calleeToken());
                SignalingCalls aliceCalls = new SignalingCalls(lease.runtime(), alice);
                SignalingCalls bobCalls = new SignalingCalls(lease.runtime(), bob);
                ModelStoreClient store = ModelStoreClient.builder(servers.storeUri())
                        .cacheDir(Files.createDirectories(work.resolve("bob-model-cache")))
                        .build()) {
            CallOptions callerOptions = CallOptions.builder()
                    .video(VideoSourceSpec.file(footage.callPart()))
                    .codec(settings.codec())
                    .maxBitrateKbps(settings.bitrateKbps())
                    .qualityTap(true)
                    .build();
            CallOptions calleeOptions = CallOptions.builder()
                    .video(VideoSourceSpec.synthetic(new FrameSize(320, 180), 15))
                    .codec(settings.codec())
                    .maxBitrateKbps(settings.bitrateKbps())
                    .qualityTap(true)
                    .build();
            CompletableFuture<CallHandle> incoming = new CompletableFuture<>();
            bob.addListener(new SignalingListener() {
                @Override
                public void onInvite(SignalMessage.Invite invite) {
                    try {
                        incoming.complete(bobCalls.accept(invite, calleeOptions));
                    } catch (MediaException | RuntimeException e) {
                        incoming.completeExceptionally(e);
                    }
                }
            });
            CallHandle aliceHandle = await(aliceCalls.invite(DemoServers.CALLEE, callerOptions), "alice's invite");
            CallHandle bobHandle = await(incoming, "bob's answer");
            Call sender = aliceHandle.call();
            Call receiver = bobHandle.call();
            receiver.awaitConnected(Duration.ofSeconds(15));
            err.printf(Locale.ROOT, "demo: call connected in %d ms%n", receiver.setupMillis());

            PipelineConfig config = PipelineConfig.builder()
                    .enhancerOptions(EnhancerOptions.cpu(settings.threads()))
                    .policy(settings.policy())
                    .keepDecodedCopy(true)
                    .threadName("dejavu-demo-enhancer")
                    .build();
            FrameReference reference = sender.sentFrames()
                    .orElseThrow(() -> new IllegalStateException("quality tap is off on the sender"));
            GainMeter meter = new GainMeter(
                    reference, FrameReference.markedRows(sender.sendSize().height()));
            try (EnhancementPipeline pipeline =
                    new EnhancementPipeline(receiver.receivedFrames(), config, meter::accept)) {
                pipeline.start();
                ReceivedRate received = new ReceivedRate();
                // the receiver's measured stream decides where the caller's model may run (ADR 0506)
                receiver.addListener(new io.dejavu.call.CallListener() {
                    @Override
                    public void onStats(CallStats s) {
                        received.accept(s);
                        pipeline.observe(new StreamPoint(
                                s.receiveCodec(),
                                s.receiveKbps(),
                                s.fpsDecoded(),
                                s.receiveWidth(),
                                s.receiveHeight()));
                    }
                });
                String model = loadPeerModel(store, bobHandle, bob.ticketKey(), pipeline, settings.tier());
                err.println("demo: bob sees alice through " + model);
                err.flush();
                Thread.sleep(settings.warmUp().toMillis());
                meter.reset();
                received.reset();
                long measureStart = System.nanoTime();
                long end = measureStart + settings.measured().toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(Math.min(3000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    printLive(meter, receiver, (System.nanoTime() - measureStart) / 1e9);
                }
                double seconds = (System.nanoTime() - measureStart) / 1e9;
                FrameSize size = sender.sendSize();
                DemoResult result = new DemoResult(
                        footage.source().getFileName().toString(),
                        settings.codec().name().toLowerCase(Locale.ROOT),
                        settings.bitrateKbps(),
                        received.kbps(),
                        size.width(),
                        size.height(),
                        meter.frames(),
                        meter.psnrPlain(),
                        meter.psnrEnhanced(),
                        meter.frames() / seconds,
                        meter.kPercent(),
                        meter.msPerFrame(),
                        meter.provider(),
                        settings.tier().forced().map(ModelTier::id).orElse(meter.tier()),
                        model,
                        (System.nanoTime() - started) / 1e9,
                        pipeline.stats().dropped(),
                        meter.enhancedShare(),
                        meter.passReason(),
                        footage.fps(),
                        received.minFps(),
                        received.averageFps(),
                        received.slowWindows(),
                        received.windows());
                sender.hangUp();
                return result;
            }
        } catch (MediaException | SignalingException e) {
            throw new IOException("the demo call failed: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("the demo call did not connect: " + e.getMessage(), e);
        }
    }

    private SignalingClient connect(String token) throws SignalingException {
        SignalingClient client = SignalingClient.builder(servers.signalingUri(), token)
                .clientName("dejavu-demo")
                .build();
        client.connect();
        return client;
    }

    /** Fetches alice's model with bob's ticket; the call goes on without enhancement if that fails. */
    private String loadPeerModel(
            ModelStoreClient store,
            CallHandle handle,
            TicketKey bobKey,
            EnhancementPipeline pipeline,
            CalleeTier tier) {
        try {
            // Bob's ticket is bound to the key his signaling client sent; only it can prove to the store.
            String ticket = handle.accepted().get(10, TimeUnit.SECONDS).ticket();
            FetchedModel fetched =
                    store.fetch(DemoServers.CALLER, Credential.ticket(ticket, DemoServers.CALLEE, bobKey));
            ModelSource source = ModelSource.fromDirectory(fetched.directory());
            // a named tier runs alone, with its own operating range (the do-no-harm gate is the tier's)
            Optional<ModelTier> forced = tier.forced();
            if (forced.isPresent()) {
                if (!source.tiers().contains(forced.get())) {
                    return "no model (the bundle has no " + forced.get().id() + " tier): frames pass through"
                            + " unenhanced";
                }
                source = source.onlyTier(forced.get());
            }
            ModelStatus status = pipeline.loadModel(source);
            if (!status.ready()) {
                return "no model (" + status.detail() + "): frames pass through unenhanced";
            }
            return fetched.describe() + forced.map(t -> ", " + t.id() + " tier").orElse("");
        } catch (ModelStoreException e) {
            return "no model (store: " + e.getMessage() + "): frames pass through unenhanced";
        } catch (Exception e) {
            return "no model (" + e.getMessage() + "): frames pass through unenhanced";
        }
    }

    private void printLive(GainMeter meter, Call receiver, double t) {
        CallStats s = receiver.lastStats().orElse(null);
        out.printf(
                Locale.ROOT,
                "t=%5.1fs  in %6.1f kbps  %4.1f fps  PSNR-Y decoded %6.2f dB  enhanced %6.2f dB  gain %+5.2f dB"
                        + "  k %5.1f%%  %6.1f ms/frame  %s%n",
                t,
                s == null ? Double.NaN : s.receiveKbps(),
                s == null ? Double.NaN : s.fpsDecoded(),
                meter.psnrPlain(),
                meter.psnrEnhanced(),
                meter.psnrEnhanced() - meter.psnrPlain(),
                meter.kPercent(),
                meter.msPerFrame(),
                meter.provider());
        out.flush();
    }

    private static <T> T await(CompletableFuture<T> future, String what)
            throws MediaException, TimeoutException, InterruptedException {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new MediaException(what + " failed: " + c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new TimeoutException(what + " timed out after 20 s");
        }
    }
}
