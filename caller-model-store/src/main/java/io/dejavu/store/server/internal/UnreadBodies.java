package io.dejavu.store.server.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Refusals that must not read the body they refuse. After an error Jetty keeps reading and
 * discarding the rest of a request body so the connection can be reused or closed politely, even
 * with {@code Connection: close}; for a stranger's unbounded chunked body that is a gigabyte read for
 * nothing. For these refusals the answer is flushed and the socket closed at once.
 */
final class UnreadBodies {
    /** Who we do not know (401), may not upload (403), or cannot take now (429, 503). */
    private static final Set<Integer> HARD_CLOSE = Set.of(401, 403, 429, 503);
    /** At most this much of a refused body is read before the close... */
    private static final long DRAIN_BYTES = 1 << 20;
    /** ...and for at most this long. */
    private static final long DRAIN_MS = 100;

    private UnreadBodies() {}

    static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /** Whether {@code status} on this request should end with a hard close. */
    static boolean refuseHard(Context ctx, int status) {
        return HARD_CLOSE.contains(status) && hasBody(ctx);
    }

    /**
     * Sends {@code json} as the whole answer and closes the connection: the sending half first, then
     * whatever the client already sent is read and dropped, up to {@link #DRAIN_BYTES} or
     * {@link #DRAIN_MS}, until the client closes its end after reading the answer, and then the socket.
     * Closing at once with a body unread makes the kernel answer with a reset that can reach the
     * client before it has read the answer (a refused upload then reads as a broken connection); a
     * client still sending past the cap gets that reset, which is the price of not reading its body.
     */
    static void sendAndClose(Context ctx, int status, byte[] json) {
        ctx.status(status);
        ctx.header("Connection", "close");
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(json.length);
        try {
            ctx.res().getOutputStream().write(json);
            ctx.res().flushBuffer();
        } catch (IOException e) {
            // the client went away first; closing below is all that is left to do
        }
        EndPoint endPoint = Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint();
        endPoint.shutdownOutput();
        drainBriefly(endPoint);
        endPoint.close();
    }

    private static void drainBriefly(EndPoint endPoint) {
        ByteBuffer buffer = BufferUtil.allocate(16 * 1024);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
        long read = 0;
        try {
            while (read < DRAIN_BYTES && System.nanoTime() < deadline) {
                BufferUtil.clear(buffer);
                int n = endPoint.fill(buffer);
                if (n < 0) {
                    return; // the client read the answer and closed
                }
                if (n == 0) {
                    Thread.sleep(1);
                }
                read += n;
            }
        } catch (IOException e) {
            // the client reset or went away: nothing left to protect
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
