package io.dejavu.store.client;

import io.dejavu.protocol.ticket.HeldTicket;
import io.dejavu.protocol.ticket.TicketKey;
import java.util.Objects;

/**
 * What a request to the store presents: the admin token, or a call ticket from the signaling
 * server together with the name of who asks (the ticket's holder) and the key the ticket is bound
 * to, which signs a fresh proof for every request (ADR 0305).
 *
 * <pre>{@code
 * Credential c = Credential.ticket(acceptedMessage.ticket(), "bob", signalingClient.ticketKey()); // bob fetches alice's model
 * Credential a = Credential.admin(System.getenv("DEJAVU_ADMIN_TOKEN"));
 * Credential p = Credential.publish(PublishCredentials.obtain(http, signalingUri, myToken, key, timeout), key);
 * }</pre>
 */
public sealed interface Credential permits Credential.Admin, Credential.Ticket, Credential.Publish {

    static Credential admin(String token) {
        return new Admin(token);
    }

    static Credential ticket(String token, String requester, TicketKey key) {
        return new Ticket(token, requester, key);
    }

    /** A held ticket (token and key) presented by {@code requester}, its holder. */
    static Credential ticket(HeldTicket held, String requester) {
        return new Ticket(held.token(), requester, held.key());
    }

    /**
     * A user's own publish credential from signaling and the key it is bound to (ADR 0308): uploads
     * of that user's own model only.
     */
    static Publish publish(String token, TicketKey key) {
        return new Publish(token, key);
    }

    /** The admin token. */
    record Admin(String token) implements Credential {
        public Admin {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("admin token must not be blank");
            }
        }

        @Override
        public String toString() {
            return "Admin[token=***]";
        }
    }

    /**
     * A signed call ticket naming {@code requester} as holder and the fetched caller as peer, and the
     * key of the client it was issued to (the one that signed in to signaling).
     */
    record Ticket(String token, String requester, TicketKey key) implements Credential {
        public Ticket {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("call ticket must not be blank");
            }
            Objects.requireNonNull(requester, "requester");
            if (requester.isBlank()) {
                throw new IllegalArgumentException("requester must not be blank");
            }
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "Ticket[requester=" + requester + ", token=***, key=" + key + "]";
        }
    }

    /** A publish credential (ADR 0308) and the key that signs a proof for each upload. */
    record Publish(String token, TicketKey key) implements Credential {
        public Publish {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("publish credential must not be blank");
            }
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "Publish[token=***, key=" + key + "]";
        }
    }
}
