package io.dejavu.signaling;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the hub needs from the user database; {@link UserStore} in the server, a map in unit tests. */
interface Accounts {
    /** The user a token belongs to, or empty if it is malformed, unknown or revoked. */
    Optional<String> authenticate(String token);

    /** Changes whenever the database may have changed, also by another process; cheap to ask often. */
    long changeStamp();

    /** Names of all revoked users. */
    Set<String> revokedUsers();

    /** The users {@code user} blocks, sorted. */
    List<String> blockedBy(String user) throws UserStoreException;

    /** Adds to {@code user}'s block list; returns it, sorted. */
    List<String> block(String user, String blocked, int max) throws UserStoreException;

    /** Removes from {@code user}'s block list; returns it, sorted. */
    List<String> unblock(String user, String blocked) throws UserStoreException;
}
