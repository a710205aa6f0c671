package io.dejavu.signaling;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The single process: no other node, so nothing is shared and nobody is elsewhere. */
final class LocalCluster implements Cluster {
    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void start(Events events) {}

    @Override
    public boolean signInAllowed(String user) {
        return true;
    }

    @Override
    public Arrival arrival(String user, String resumeSession, boolean wantsOnline) {
        return Arrival.NONE;
    }

    @Override
    public boolean callIsActive(String callId, String holder, String peer) {
        return false;
    }

    @Override
    public CompletableFuture<Void> attached(Session s) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void ended(Session s) {}

    @Override
    public void movedAway(String user) {}

    @Override
    public void blocksChanged(Session s) {}

    @Override
    public void presence(String user, boolean wasOnline, boolean online, Set<String> hiddenFrom) {}

    @Override
    public void send(ClusterMessage message, Runnable ifNobody) {
        if (ifNobody != null) {
            ifNobody.run();
        }
    }

    @Override
    public void callStored(StoredCall call) {}

    @Override
    public void callEnded(String callId, String caller, String callee) {}

    @Override
    public void close() {}
}
