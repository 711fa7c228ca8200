package org.vigie.alerting.sms;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import org.vigie.aggregator.StateStore;

/**
 * What SMS cost per day, kept in the state store (table {@code sms_spend}, migration V5) so the
 * daily cap survives restarts and holds across cluster nodes sharing one PostgreSQL. A message
 * reserves its cost before it is sent, in one transaction with the check against the cap, so two
 * messages sent at once cannot both slip under it; the reservation is released if the gateway did
 * not take the message.
 */
public final class SmsSpendLedger {
  private final StateStore store;

  public SmsSpendLedger(StateStore store) {
    this.store = store;
  }

  /** The outcome of {@link #reserve}. */
  public enum Reservation {
    /** Counted now. */
    RESERVED,
    /** This message was counted before (a redelivery): not counted twice. */
    ALREADY_COUNTED,
    /** Counting it would exceed the cap: nothing was counted. */
    OVER_CAP
  }

  /**
   * Counts {@code costMicros} for {@code messageId} on {@code day} unless that would take the day's
   * total over {@code capMicros} (negative: no cap).
   */
  public Future<Reservation> reserve(
      String messageId, LocalDate day, int segments, long costMicros, long capMicros, Instant at) {
    return store.inTransaction(
        c -> {
          if (exists(c, messageId)) {
            return Reservation.ALREADY_COUNTED;
          }
          if (capMicros >= 0 && spent(c, day) + costMicros > capMicros) {
            return Reservation.OVER_CAP;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO sms_spend (message_id, day, segments, cost_micros, at_ms)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, messageId);
            ps.setString(2, day.toString());
            ps.setInt(3, segments);
            ps.setLong(4, costMicros);
            ps.setLong(5, at.toEpochMilli());
            ps.executeUpdate();
          }
          return Reservation.RESERVED;
        });
  }

  /** Forgets the reservation of a message the gateway did not take. */
  public Future<Void> release(String messageId) {
    return store.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM sms_spend WHERE message_id = ?")) {
            ps.setString(1, messageId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** The cost counted on {@code day}, in millionths. */
  public Future<Long> spentMicros(LocalDate day) {
    return store.withConnection(c -> spent(c, day));
  }

  /** The segments counted on {@code day}. */
  public Future<Long> segments(LocalDate day) {
    return store.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COALESCE(SUM(segments), 0) FROM sms_spend WHERE day = ?")) {
            ps.setString(1, day.toString());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private static boolean exists(Connection c, String messageId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sms_spend WHERE message_id = ?")) {
      ps.setString(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static long spent(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COALESCE(SUM(cost_micros), 0) FROM sms_spend WHERE day = ?")) {
      ps.setString(1, day.toString());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
