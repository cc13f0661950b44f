package org.orderhub.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** Several statements on one connection, committed together or rolled back together. */
public final class Transactions {

    /** Work on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /** True when {@code e} says another writer stored the same key first (SQL state 23505 in H2 and PostgreSQL). */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Runs {@code work} in one transaction on {@code c}; the connection is back in auto-commit afterwards. */
    public static <T> T in(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
