package io.dejavu.call;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.dejavu.protocol.signaling.IceServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDP offer/answer and ICE candidate exchange over the call's peer connection, and the video
 * sender it sets up: the preferred codec first, and the encoding's bitrate cap (ADR 0403). Runs on
 * the call's events thread; libwebrtc's completions hop back onto it. A failed step fails the call.
 */
final class Negotiation {
    private static final Logger LOG = LoggerFactory.getLogger(Negotiation.class);
    private static final String STREAM_ID = "dejavu";

    private final CallContext call;
    private final Call.Role role;
    private final VideoCodec codec;
    private final PeerConnectionFactory factory;
    private final SignalingChannel channel;
    private final Executor events;
    private final RTCPeerConnection pc;
    private final LocalMedia media;
    private final List<CallSignal.Candidate> pendingCandidates = new ArrayList<>();
    private volatile int maxBitrateKbps;

    // Touched only on the events thread.
    private RTCRtpTransceiver videoTransceiver;
    private boolean remoteDescriptionSet;

    /** The caller's transceivers are added here, before its offer; the callee's come with the offer. */
    Negotiation(
            CallContext call,
            Call.Role role,
            CallOptions options,
            PeerConnectionFactory factory,
            SignalingChannel channel,
            Executor events,
            RTCPeerConnection pc,
            LocalMedia media) {
        this.call = call;
        this.role = role;
        this.codec = options.codec();
        this.factory = factory;
        this.channel = channel;
        this.events = events;
        this.pc = pc;
        this.media = media;
        this.maxBitrateKbps =
                options.maxBitrateKbps() > 0 ? options.maxBitrateKbps() : BitrateDefaults.forSize(media.size());
        if (role == Call.Role.CALLER) {
            media.audio().ifPresent(audio -> pc.addTransceiver(audio, init()));
            videoTransceiver = pc.addTransceiver(media.video(), init());
            preferCodec(videoTransceiver);
        }
    }

    /** @throws IllegalArgumentException for relay-only ICE without a TURN server to relay through */
    static RTCConfiguration configuration(CallOptions options) {
        if (options.relayOnly()
                && options.iceServers().stream()
                        .flatMap(s -> s.urls().stream())
                        .noneMatch(u -> u.startsWith("turn:") || u.startsWith("turns:"))) {
            throw new IllegalArgumentException(
                    "relay-only ICE needs a turn: server among the ICE servers, got " + options.iceServers());
        }
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        List<RTCIceServer> servers = new ArrayList<>();
        for (IceServer server : options.iceServers()) {
            RTCIceServer ice = new RTCIceServer();
            ice.urls = server.urls();
            ice.username = server.username();
            ice.password = server.credential();
            servers.add(ice);
        }
        config.iceServers = servers;
        config.iceTransportPolicy = options.relayOnly() ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
        return config;
    }

    int maxBitrateKbps() {
        return maxBitrateKbps;
    }

    /** Caps the video from now on; any thread. */
    void setMaxBitrateKbps(int kbps) {
        maxBitrateKbps = kbps;
        call.onEvents(this::applySendParameters);
    }

    /** The caller's first move. */
    void sendOffer() {
        CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), describeInto(offer));
        offer.thenComposeAsync(sdp -> setLocal(sdp).thenApply(v -> sdp), events)
                .thenAccept(sdp -> call.onEvents(() -> {
                    applySendParameters();
                    channel.send(new CallSignal.Offer(sdp.sdp));
                }))
                .exceptionally(this::fail);
    }

    /** Sends one of our ICE candidates to the peer while the call lasts. */
    void sendCandidate(CallSignal.Candidate candidate) {
        if (call.state() != CallState.ENDED) {
            channel.send(candidate);
        }
    }

    /** Takes the peer's offer, answer or ICE candidate. */
    void receive(CallSignal signal) {
        if (signal instanceof CallSignal.Offer offer) {
            if (role != Call.Role.CALLEE || remoteDescriptionSet) {
                LOG.warn("call {}: unexpected offer ignored ({} side)", call.id(), role);
                return;
            }
            onOffer(offer);
        } else if (signal instanceof CallSignal.Answer answer) {
            if (role != Call.Role.CALLER || remoteDescriptionSet) {
                LOG.warn("call {}: unexpected answer ignored ({} side)", call.id(), role);
                return;
            }
            setRemote(new RTCSessionDescription(RTCSdpType.ANSWER, answer.sdp()))
                    .thenRun(() -> call.onEvents(this::afterRemoteDescription))
                    .exceptionally(this::fail);
        } else if (signal instanceof CallSignal.Candidate c) {
            if (remoteDescriptionSet) {
                pc.addIceCandidate(new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex(), c.candidate()));
            } else {
                pendingCandidates.add(c);
            }
        }
    }

    private void onOffer(CallSignal.Offer offer) {
        setRemote(new RTCSessionDescription(RTCSdpType.OFFER, offer.sdp()))
                .thenRun(() -> call.onEvents(this::answer))
                .exceptionally(this::fail);
    }

    private void answer() {
        if (call.state() == CallState.ENDED) {
            return;
        }
        VideoTrack videoTrack = media.video();
        // addTrack after the remote offer reuses the transceivers the offer created.
        media.audio().ifPresent(audio -> pc.addTrack(audio, List.of(STREAM_ID)));
        RTCRtpSender videoSender = pc.addTrack(videoTrack, List.of(STREAM_ID));
        for (RTCRtpTransceiver t : pc.getTransceivers()) {
            RTCRtpSender sender = t.getSender();
            if (sender != null
                    && sender.getTrack() != null
                    && videoTrack.getId().equals(sender.getTrack().getId())) {
                videoTransceiver = t;
            }
        }
        if (videoTransceiver != null) {
            preferCodec(videoTransceiver);
        } else {
            LOG.warn("call {}: no video transceiver matched sender {}", call.id(), videoSender);
        }
        afterRemoteDescription();
        CompletableFuture<RTCSessionDescription> answer = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), describeInto(answer));
        answer.thenComposeAsync(sdp -> setLocal(sdp).thenApply(v -> sdp), events)
                .thenAccept(sdp -> call.onEvents(() -> {
                    applySendParameters();
                    channel.send(new CallSignal.Answer(sdp.sdp));
                }))
                .exceptionally(this::fail);
    }

    private void afterRemoteDescription() {
        remoteDescriptionSet = true;
        for (CallSignal.Candidate c : pendingCandidates) {
            pc.addIceCandidate(new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex(), c.candidate()));
        }
        pendingCandidates.clear();
    }

    private Void fail(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        LOG.warn("call {}: negotiation failed: {}", call.id(), cause.getMessage());
        call.onEvents(() -> call.end(CallState.EndReason.FAILED, true));
        return null;
    }

    private void preferCodec(RTCRtpTransceiver transceiver) {
        List<RTCRtpCodecCapability> all =
                factory.getRtpReceiverCapabilities(MediaType.VIDEO).getCodecs();
        List<RTCRtpCodecCapability> ordered = new ArrayList<>();
        for (RTCRtpCodecCapability c : all) {
            if (c.getMimeType().equalsIgnoreCase(codec.mimeType())) {
                ordered.add(c);
            }
        }
        if (ordered.isEmpty()) {
            LOG.warn("call {}: this libwebrtc build cannot receive {}; using its default codecs", call.id(), codec);
            return;
        }
        for (RTCRtpCodecCapability c : all) {
            if (!ordered.contains(c)) {
                ordered.add(c);
            }
        }
        transceiver.setCodecPreferences(ordered);
    }

    private void applySendParameters() {
        if (call.state() == CallState.ENDED || videoTransceiver == null) {
            return;
        }
        RTCRtpSender sender = videoTransceiver.getSender();
        RTCRtpSendParameters params = sender.getParameters();
        if (params.encodings == null || params.encodings.isEmpty()) {
            return;
        }
        for (RTCRtpEncodingParameters e : params.encodings) {
            e.maxBitrate = maxBitrateKbps * 1000;
            // Dejavu keeps the picture size; quality, not resolution, gives way at low rates.
            e.scaleResolutionDownBy = 1.0;
            media.pushedFps().ifPresent(fps -> e.maxFramerate = fps);
        }
        sender.setParameters(params);
        LOG.debug("call {}: video capped at {} kbps", call.id(), maxBitrateKbps);
    }

    private CompletableFuture<Void> setLocal(RTCSessionDescription sdp) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pc.setLocalDescription(sdp, completeInto(done, "set local description"));
        return done;
    }

    private CompletableFuture<Void> setRemote(RTCSessionDescription sdp) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pc.setRemoteDescription(sdp, completeInto(done, "set remote description"));
        return done;
    }

    private static RTCRtpTransceiverInit init() {
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.SEND_RECV;
        init.streamIds = List.of(STREAM_ID);
        return init;
    }

    // Completes on libwebrtc's signaling thread; whoever waits hops back onto the events thread.
    private static CreateSessionDescriptionObserver describeInto(CompletableFuture<RTCSessionDescription> future) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                future.complete(description);
            }

            @Override
            public void onFailure(String error) {
                future.completeExceptionally(new IllegalStateException("create description: " + error));
            }
        };
    }

    private static SetSessionDescriptionObserver completeInto(CompletableFuture<Void> future, String what) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                future.complete(null);
            }

            @Override
            public void onFailure(String error) {
                future.completeExceptionally(new IllegalStateException(what + ": " + error));
            }
        };
    }
}
