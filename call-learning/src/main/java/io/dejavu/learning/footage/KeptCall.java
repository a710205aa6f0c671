package io.dejavu.learning.footage;

import io.dejavu.call.VideoCodec;
import io.dejavu.protocol.video.FrameSize;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One call's kept outgoing footage: a lossless video of the frames the sender handed its encoder (as
 * sent, at the call's size) and what the call did with them: the codec and the outgoing video
 * bitrate measured during the call, so that training pairs can be made at the call's real operating
 * point.
 */
public record KeptCall(
        String id,
        Instant started,
        Path video,
        FrameSize size,
        int frames,
        double seconds,
        VideoCodec codec,
        int sendKbps,
        long bytes) {}
