package io.dejavu.cli.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client sent over one HTTP/1.1 connection, read back from the bytes: the requests (method,
 * path, headers, body) and, after a WebSocket upgrade, the client's messages (unmasked).
 */
final class Traffic {
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    /** A WebSocket frame from the client: opcode (1 text, 2 binary, 8 close, 9 ping, 10 pong) and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final List<Request> requests = new ArrayList<>();
    final List<Frame> frames = new ArrayList<>();

    static Traffic read(byte[] b) {
        Traffic t = new Traffic();
        int at = 0;
        while (at < b.length) {
            int end = indexOf(b, at, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                throw new AssertionError("not an HTTP request at byte " + at + ": "
                        + new String(b, at, Math.min(80, b.length - at), StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(b, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] first = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            at = end + 4;
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    int crlf = indexOf(b, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
                    int size = Integer.parseInt(new String(b, at, crlf - at, StandardCharsets.US_ASCII).trim(), 16);
                    at = crlf + 2;
                    if (size == 0) {
                        at += 2;
                        break;
                    }
                    body.write(b, at, size);
                    at += size + 2;
                }
                t.requests.add(new Request(first[0], first[1], headers, body.toByteArray()));
            } else {
                byte[] body = java.util.Arrays.copyOfRange(b, at, Math.min(b.length, at + length));
                at += length;
                t.requests.add(new Request(first[0], first[1], headers, body));
            }
            if (headers.getOrDefault("upgrade", "").equalsIgnoreCase("websocket")) {
                t.readFrames(b, at);
                break;
            }
        }
        return t;
    }

    private void readFrames(byte[] b, int at) {
        while (at + 2 <= b.length) {
            int opcode = b[at] & 0x0F;
            boolean masked = (b[at + 1] & 0x80) != 0;
            long len = b[at + 1] & 0x7F;
            at += 2;
            if (len == 126) {
                len = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
                at += 2;
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | (b[at + i] & 0xFF);
                }
                at += 8;
            }
            byte[] mask = new byte[4];
            if (masked) {
                System.arraycopy(b, at, mask, 0, 4);
                at += 4;
            }
            int n = (int) Math.min(len, b.length - at);
            byte[] payload = new byte[n];
            for (int i = 0; i < n; i++) {
                payload[i] = (byte) (b[at + i] ^ (masked ? mask[i % 4] : 0));
            }
            at += n;
            frames.add(new Frame(opcode, payload));
        }
    }

    private static int indexOf(byte[] b, int from, byte[] what) {
        outer:
        for (int i = from; i <= b.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
