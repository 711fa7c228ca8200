package org.vigie.reports.internal;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigie.aggregator.StateStore;
import org.vigie.reports.IncidentLine;
import org.vigie.reports.IncidentSource;

/**
 * Incidents from the state store's {@code incident} table (schema V2), with the helpdesk ticket
 * number from the {@code ticket} table (schema V3) when that table exists: the helpdesk feature may
 * not be deployed, and a report must not fail for it.
 */
public final class JdbcIncidentSource implements IncidentSource {
  private static final String SELECT =
      "SELECT i.id, i.school_id, i.subject, i.severity, i.cause, i.opened_ms, i.resolved_ms, %s"
          + " FROM incident i %s"
          + " WHERE i.commune_id = ? AND i.opened_ms < ?"
          + " AND (i.resolved_ms IS NULL OR i.resolved_ms > ?)"
          + " ORDER BY i.opened_ms, i.id";

  private final StateStore store;

  public JdbcIncidentSource(StateStore store) {
    this.store = store;
  }

  @Override
  public Future<List<IncidentLine>> incidents(String communeId, Instant from, Instant to) {
    return store.withConnection(
        c -> {
          String sql =
              hasTicketTable(c)
                  ? SELECT.formatted("t.ticket_id", "LEFT JOIN ticket t ON t.incident_id = i.id")
                  : SELECT.formatted("NULL AS ticket_id", "");
          List<IncidentLine> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, communeId);
            ps.setLong(2, to.toEpochMilli());
            ps.setLong(3, from.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long resolved = rs.getLong(7);
                boolean open = rs.wasNull();
                out.add(
                    new IncidentLine(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(6)),
                        open ? null : Instant.ofEpochMilli(resolved),
                        rs.getString(5),
                        rs.getString(8)));
              }
            }
          }
          return out;
        });
  }

  private static boolean hasTicketTable(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (String name : List.of("ticket", "TICKET")) {
      try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
