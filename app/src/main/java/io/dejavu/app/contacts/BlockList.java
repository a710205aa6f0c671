package io.dejavu.app.contacts;

/** What the contacts screen asks of the signed-in session besides dialling: blocking callers. */
public interface BlockList {
    /** Refuses calls from {@code user} from now on. */
    void block(String user);

    /** Lets {@code user} call again. */
    void unblock(String user);
}
