package io.dejavu.signaling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who blocks whom, in the user database. The blocked name need not be a user: blocking answers the same for
 * anyone, so it cannot probe accounts. {@link UserStore} calls it inside its transactions.
 */
final class BlockTable {
    private BlockTable() {}

    /** Adds {@code blocked} unless the list is full; returns the list afterwards. */
    static List<String> block(Connection db, String user, String blocked, long now, int max)
            throws SQLException, UserStoreException {
        List<String> list = blockedBy(db, user);
        if (list.contains(blocked)) {
            return list;
        }
        if (list.size() >= max) {
            throw new UserStoreException(
                    user + " already blocks " + max + " users, the most a list holds; unblock someone first", null);
        }
        try (PreparedStatement i =
                db.prepareStatement("INSERT INTO blocks(user_name, blocked, created_at) VALUES (?, ?, ?)")) {
            i.setString(1, user);
            i.setString(2, blocked);
            i.setLong(3, now);
            i.executeUpdate();
        }
        return blockedBy(db, user);
    }

    static List<String> unblock(Connection db, String user, String blocked) throws SQLException {
        try (PreparedStatement d = db.prepareStatement("DELETE FROM blocks WHERE user_name = ? AND blocked = ?")) {
            d.setString(1, user);
            d.setString(2, blocked);
            d.executeUpdate();
        }
        return blockedBy(db, user);
    }

    /** Sorted by name. */
    static List<String> blockedBy(Connection db, String user) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement q =
                db.prepareStatement("SELECT blocked FROM blocks WHERE user_name = ? ORDER BY blocked")) {
            q.setString(1, user);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
