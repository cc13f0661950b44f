package org.orderhub.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

/** Small named values the hub keeps across restarts. */
public final class HubState {

    private final DataSource dataSource;

    public HubState(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<String> get(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state_value FROM hub_state WHERE state_key = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Sets {@code name} only if it has no value yet, atomically across nodes sharing the database.
     * @return true when this call set it; false when it was set already (perhaps by another node just now)
     */
    public boolean claim(String name, String value) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO hub_state (state_key, state_value) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Transactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    public void put(String name, String value) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            put(c, name, value);
        }
    }

    /** As {@link #put(String, String)}, on {@code c} (inside the caller's transaction). */
    void put(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE hub_state SET state_value = ? WHERE state_key = ?")) {
            ps.setString(1, value);
            ps.setString(2, name);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hub_state (state_key, state_value) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}
