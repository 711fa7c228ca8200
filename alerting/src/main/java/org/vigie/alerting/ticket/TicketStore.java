package org.vigie.alerting.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code ticket} table (V3): incident → ticket, and how far its steps have run. */
final class TicketStore {
  private TicketStore() {}

  /** One row. */
  record Row(
      String incidentId,
      String system,
      String ticketId,
      String status,
      int stepsEnqueued,
      int stepsDone) {}

  static Row find(Connection c, String incidentId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT system, ticket_id, status, steps_enqueued, steps_done FROM ticket"
                + " WHERE incident_id = ?")) {
      ps.setString(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Row(
                incidentId,
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getInt(5))
            : null;
      }
    }
  }

  static void insert(Connection c, String incidentId, String system, long nowMs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ticket (incident_id, system, status, created_ms, updated_ms,"
                + " steps_enqueued, steps_done) VALUES (?, ?, 'PENDING', ?, ?, 0, 0)")) {
      ps.setString(1, incidentId);
      ps.setString(2, system);
      ps.setLong(3, nowMs);
      ps.setLong(4, nowMs);
      ps.executeUpdate();
    }
  }

  /** Reserves the next step number. */
  static int nextStep(Connection c, String incidentId, long nowMs) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ticket SET steps_enqueued = steps_enqueued + 1, updated_ms = ?"
                + " WHERE incident_id = ?")) {
      ps.setLong(1, nowMs);
      ps.setString(2, incidentId);
      ps.executeUpdate();
    }
    return find(c, incidentId).stepsEnqueued();
  }

  /** Records the ticket id as soon as it is known (a later failure must not lose it). */
  static void ticket(Connection c, String incidentId, String ticketId, long nowMs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ticket SET ticket_id = ?, status = CASE WHEN status = 'PENDING' THEN 'OPEN'"
                + " ELSE status END, updated_ms = ? WHERE incident_id = ?")) {
      ps.setString(1, ticketId);
      ps.setLong(2, nowMs);
      ps.setString(3, incidentId);
      ps.executeUpdate();
    }
  }

  /** Step {@code step} is done (or given up, with {@code error}). */
  static void done(
      Connection c, String incidentId, int step, String status, String error, long nowMs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ticket SET steps_done = ?, status = COALESCE(?, status), last_error = ?,"
                + " updated_ms = ? WHERE incident_id = ? AND steps_done = ?")) {
      ps.setInt(1, step);
      ps.setString(2, status);
      ps.setString(3, error);
      ps.setLong(4, nowMs);
      ps.setString(5, incidentId);
      ps.setInt(6, step - 1);
      ps.executeUpdate();
    }
  }

  static void error(Connection c, String incidentId, String error, long nowMs) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ticket SET last_error = ?, updated_ms = ? WHERE incident_id = ?")) {
      ps.setString(1, error);
      ps.setLong(2, nowMs);
      ps.setString(3, incidentId);
      ps.executeUpdate();
    }
  }
}
