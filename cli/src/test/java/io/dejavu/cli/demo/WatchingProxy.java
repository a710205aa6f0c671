package io.dejavu.cli.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on a random loopback port in front of one server, keeping every byte a client sent
 * through it (per connection), so that a test sees exactly what reached the server. Bytes back to
 * the client pass untouched.
 */
final class WatchingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<ByteArrayOutputStream> upstream = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    WatchingProxy(String name, int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code uri} with this proxy's port in place of the server's. */
    URI in(URI uri) {
        return URI.create(uri.getScheme() + "://127.0.0.1:" + listener.getLocalPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** What clients sent, one byte array per connection, in the order connections came. */
    synchronized List<byte[]> sent() {
        return upstream.stream().map(ByteArrayOutputStream::toByteArray).toList();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                synchronized (this) {
                    upstream.add(seen);
                    sockets.add(client);
                    sockets.add(server);
                }
                pump(client.getInputStream(), server.getOutputStream(), seen, server);
                pump(server.getInputStream(), client.getOutputStream(), null, client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream seen, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    try {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            if (seen != null) {
                                synchronized (seen) {
                                    seen.write(buf, 0, n);
                                }
                            }
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        try {
                            to.shutdownOutput();
                        } catch (IOException e) {
                            // already closed
                        }
                    }
                },
                "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
