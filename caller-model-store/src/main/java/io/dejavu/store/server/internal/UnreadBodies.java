package io.dejavu.store.server.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * Refusals that must not read the body they refuse. After an error Jetty keeps reading and
 * discarding the rest of a request body so the connection can be reused or closed politely, even
 * with {@code Connection: close}; for a stranger's unbounded chunked body that is a gigabyte read for
 * nothing. For these refusals the answer is flushed and the socket closed at once.
 */
final class UnreadBodies {
    /** Who we do not know (401), may not upload (403), or cannot take now (429, 503). */
    private static final Set<Integer> HARD_CLOSE = Set.of(401, 403, 429, 503);

    private UnreadBodies() {}

    static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /** Whether {@code status} on this request should end with a hard close. */
    static boolean refuseHard(Context ctx, int status) {
        return HARD_CLOSE.contains(status) && hasBody(ctx);
    }

    /**
     * Sends {@code json} as the whole answer and closes the connection. If the client is still
     * sending, the kernel may answer it with a reset before it reads the answer: that is the price
     * of not reading its body.
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
        Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint().close();
    }
}
