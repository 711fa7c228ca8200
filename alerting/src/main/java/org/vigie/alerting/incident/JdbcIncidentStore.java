package org.vigie.alerting.incident;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigie.aggregator.StateStore;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.IncidentStore;
import org.vigie.alerting.Severity;
import org.vigie.alerting.mute.Matcher;
import org.vigie.alerting.mute.MuteWindow;

/** {@link IncidentStore} over JDBC; SQL both SQLite and PostgreSQL accept. */
public final class JdbcIncidentStore implements IncidentStore {
  private static final String COLUMNS =
      "id, fingerprint, scope, severity, status, commune_id, school_id, subject, rule, cause,"
          + " affected, opened_ms, acknowledged_ms, acknowledged_by, resolved_ms, muted, flapping,"
          + " last_seq";

  private final StateStore store;

  public JdbcIncidentStore(StateStore store) {
    this.store = store;
  }

  @Override
  public Future<List<Stored>> live() {
    return store.withConnection(
        c -> query(c, "SELECT " + COLUMNS + " FROM incident WHERE status <> 'RESOLVED'", ps -> {}));
  }

  @Override
  public Future<List<Stored>> resolvedSince(Instant after) {
    return store.withConnection(
        c -> {
          Map<String, Stored> last = new LinkedHashMap<>();
          for (Stored s :
              query(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM incident WHERE status = 'RESOLVED'"
                      + " AND resolved_ms >= ? ORDER BY resolved_ms",
                  ps -> ps.setLong(1, after.toEpochMilli()))) {
            last.put(s.incident().fingerprint(), s);
          }
          return List.copyOf(last.values());
        });
  }

  @Override
  public Future<Void> write(List<Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.inTransaction(
        c -> {
          for (Change ch : changes) {
            long lastSeq = ch.events().isEmpty() ? -1 : ch.events().getLast().seq();
            if (ch.created()) {
              insert(c, ch.incident(), lastSeq);
            } else {
              update(c, ch.incident(), lastSeq);
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO incident_event (incident_id, seq, at_ms, type, actor, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
              for (IncidentEvent e : ch.events()) {
                ps.setString(1, ch.incident().id());
                ps.setLong(2, e.seq());
                ps.setLong(3, e.at().toEpochMilli());
                ps.setString(4, e.type().name());
                ps.setString(5, e.actor());
                ps.setString(6, e.detail());
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          return null;
        });
  }

  private static void insert(Connection c, Incident i, long lastSeq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO incident ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, i.id());
      ps.setString(2, i.fingerprint());
      ps.setString(3, i.scope().name());
      int n = bindMutable(ps, 4, i);
      ps.setLong(n, Math.max(0, lastSeq));
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, Incident i, long lastSeq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE incident SET severity = ?, status = ?, commune_id = ?, school_id = ?,"
                + " subject = ?, rule = ?, cause = ?, affected = ?, opened_ms = ?,"
                + " acknowledged_ms = ?, acknowledged_by = ?, resolved_ms = ?, muted = ?,"
                + " flapping = ?, last_seq = CASE WHEN ? < 0 THEN last_seq ELSE ? END"
                + " WHERE id = ?")) {
      int n = bindMutable(ps, 1, i);
      ps.setLong(n, lastSeq);
      ps.setLong(n + 1, lastSeq);
      ps.setString(n + 2, i.id());
      if (ps.executeUpdate() != 1) {
        throw new SQLException("no incident " + i.id() + " to update");
      }
    }
  }

  /** Binds severity … flapping from {@code at}; returns the next index. */
  private static int bindMutable(PreparedStatement ps, int at, Incident i) throws SQLException {
    int n = at;
    ps.setString(n++, i.severity().name());
    ps.setString(n++, i.status().name());
    ps.setString(n++, i.communeId());
    ps.setString(n++, i.schoolId());
    ps.setString(n++, i.subject());
    ps.setString(n++, i.rule());
    ps.setString(n++, i.cause() == null ? "" : i.cause());
    ps.setString(n++, new JsonArray(i.affected()).encode());
    ps.setLong(n++, i.openedAt().toEpochMilli());
    setInstant(ps, n++, i.acknowledgedAt());
    ps.setString(n++, i.acknowledgedBy());
    setInstant(ps, n++, i.resolvedAt());
    ps.setInt(n++, i.muted() ? 1 : 0);
    ps.setInt(n++, i.flapping() ? 1 : 0);
    return n;
  }

  private static void setInstant(PreparedStatement ps, int n, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(n, Types.BIGINT);
    } else {
      ps.setLong(n, at.toEpochMilli());
    }
  }

  @Override
  public Future<Optional<Incident>> incident(String id) {
    return store.withConnection(
        c ->
            query(c, "SELECT " + COLUMNS + " FROM incident WHERE id = ?", ps -> ps.setString(1, id))
                .stream()
                .findFirst()
                .map(Stored::incident));
  }

  @Override
  public Future<List<IncidentEvent>> timeline(String id) {
    return store.withConnection(
        c -> {
          var found =
              query(
                  c,
                  "SELECT " + COLUMNS + " FROM incident WHERE id = ?",
                  ps -> ps.setString(1, id));
          if (found.isEmpty()) {
            return List.of();
          }
          Incident incident = found.getFirst().incident();
          List<IncidentEvent> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT seq, at_ms, type, actor, detail FROM incident_event"
                      + " WHERE incident_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new IncidentEvent(
                        IncidentEvent.Type.valueOf(rs.getString(3)),
                        rs.getLong(1),
                        incident,
                        Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(4),
                        rs.getString(5)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Future<List<Incident>> openedBetween(Instant from, Instant to) {
    return store.withConnection(
        c ->
            query(
                    c,
                    "SELECT "
                        + COLUMNS
                        + " FROM incident WHERE opened_ms >= ? AND opened_ms < ?"
                        + " ORDER BY opened_ms, id",
                    ps -> {
                      ps.setLong(1, from.toEpochMilli());
                      ps.setLong(2, to.toEpochMilli());
                    })
                .stream()
                .map(Stored::incident)
                .toList());
  }

  @Override
  public Future<List<MuteWindow>> silences(Instant now) {
    return store.withConnection(
        c -> {
          List<MuteWindow> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, matcher, start_ms, end_ms, comment FROM silence WHERE end_ms > ?"
                      + " ORDER BY start_ms, id")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    MuteWindow.once(
                        rs.getString(1),
                        false,
                        Matcher.fromJson(new JsonObject(rs.getString(2))),
                        Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4)),
                        rs.getString(5)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Future<Void> addSilence(MuteWindow s, String createdBy) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement del = c.prepareStatement("DELETE FROM silence WHERE id = ?");
              PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO silence (id, matcher, start_ms, end_ms, created_by, comment)"
                          + " VALUES (?, ?, ?, ?, ?, ?)")) {
            del.setString(1, s.name());
            del.executeUpdate();
            ps.setString(1, s.name());
            ps.setString(2, s.matcher().toJson().encode());
            ps.setLong(3, s.start().toEpochMilli());
            ps.setLong(4, s.end().toEpochMilli());
            ps.setString(5, createdBy);
            ps.setString(6, s.comment());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Future<Boolean> removeSilence(String id) {
    return store.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM silence WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private static List<Stored> query(Connection c, String sql, Binder binder) throws SQLException {
    List<Stored> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> affected = new ArrayList<>();
          new JsonArray(rs.getString(11)).forEach(o -> affected.add((String) o));
          Incident i =
              new Incident(
                  rs.getString(1),
                  rs.getString(2),
                  IncidentScope.valueOf(rs.getString(3)),
                  Severity.valueOf(rs.getString(4)),
                  IncidentStatus.valueOf(rs.getString(5)),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  affected,
                  Instant.ofEpochMilli(rs.getLong(12)),
                  instant(rs, 13),
                  rs.getString(14),
                  instant(rs, 15),
                  rs.getInt(16) != 0,
                  rs.getInt(17) != 0);
          out.add(new Stored(i, rs.getLong(18)));
        }
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
