package org.vigie.reports;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Contact;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.inventory.Tariff;

/**
 * A state store on SQLite with a ledger written row by row (known intervals), a small inventory and
 * incidents: what the report tests compute from.
 */
final class ReportFixture implements AutoCloseable {
  static final Origin O = Origin.builtIn("test");

  final Vertx vertx = Vertx.vertx();
  final StateStore store;
  final AvailabilityLedger ledger;
  final Inventory inventory;

  ReportFixture(Path dir, Inventory inventory, Instant now) throws Exception {
    this.inventory = inventory;
    this.store =
        await(
            StateStore.open(
                vertx, new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("v.db"))));
    this.ledger =
        await(
            AvailabilityLedger.open(
                vertx, store, inventory.checks(), Clock.fixed(now, ZoneOffset.UTC)));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static CheckSpec spec(String name, String kind) {
    return new CheckSpec(name, kind, Duration.ofMinutes(1), Duration.ofSeconds(10), Map.of(), O);
  }

  static Device device(String school, String id, DeviceKind kind, CheckSpec... checks) {
    return new Device(id, school, kind, id, "127.0.0.1", null, List.of(checks), O);
  }

  static School school(String id, String name, String commune) {
    return new School(
        id,
        name,
        commune,
        "1 rue de l'École",
        new Link(LinkType.FIBRE, "Op", 100, 100, "127.0.0.1"),
        O);
  }

  static Commune commune(String id, String name) {
    return new Commune(
        id, name, List.of(new Contact("Mairie", "mairie", "mairie@" + id + ".test", null)), O);
  }

  static Inventory inventory(List<Commune> communes, List<School> schools, List<Device> devices) {
    return new Inventory(communes, schools, devices, Tariff.defaults());
  }

  /** Rows {@code subject; kind; start; end (null: open); state; cause}. */
  void intervals(List<Object[]> rows) throws Exception {
    await(
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO ledger_interval (subject, kind, start_ms, end_ms, state, cause)"
                          + " VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Object[] r : rows) {
                  ps.setString(1, (String) r[0]);
                  ps.setString(2, (String) r[1]);
                  ps.setLong(3, Instant.parse((String) r[2]).toEpochMilli());
                  ps.setLong(
                      4,
                      r[3] == null ? Long.MAX_VALUE : Instant.parse((String) r[3]).toEpochMilli());
                  ps.setString(5, (String) r[4]);
                  ps.setString(6, (String) r[5]);
                  ps.addBatch();
                }
                ps.executeBatch();
              }
              return null;
            }));
  }

  /** A chain of contiguous intervals: {@code start, state, cause, next start, state, …, end}. */
  static List<Object[]> chain(String subject, String kind, String... parts) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i + 2 < parts.length; i += 3) {
      String end = i + 3 < parts.length ? parts[i + 3] : null;
      rows.add(new Object[] {subject, kind, parts[i], end, parts[i + 1], parts[i + 2]});
    }
    return rows;
  }

  void incident(
      String id, String commune, String school, String opened, String resolved, String cause)
      throws Exception {
    await(
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO incident (id, fingerprint, scope, severity, status, commune_id,"
                          + " school_id, subject, rule, cause, affected, opened_ms, resolved_ms)"
                          + " VALUES (?, ?, 'SCHOOL', 'CRITICAL', ?, ?, ?, ?, 'link-down', ?, '[]',"
                          + " ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, id.substring(0, id.indexOf('@')));
                ps.setString(3, resolved == null ? "OPEN" : "RESOLVED");
                ps.setString(4, commune);
                ps.setString(5, school);
                ps.setString(6, school);
                ps.setString(7, cause);
                ps.setLong(8, Instant.parse(opened).toEpochMilli());
                if (resolved == null) {
                  ps.setNull(9, java.sql.Types.BIGINT);
                } else {
                  ps.setLong(9, Instant.parse(resolved).toEpochMilli());
                }
                ps.executeUpdate();
              }
              return null;
            }));
  }

  void ticket(String incidentId, String ticketId) throws Exception {
    await(
        store.inTransaction(
            c -> {
              // The helpdesk's table (schema V3) may already exist once that feature is merged.
              try (var st = c.createStatement()) {
                st.execute(
                    "CREATE TABLE IF NOT EXISTS ticket (incident_id TEXT NOT NULL PRIMARY KEY,"
                        + " system TEXT, ticket_id TEXT, status TEXT, created_ms BIGINT,"
                        + " updated_ms BIGINT)");
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO ticket (incident_id, system, ticket_id, status, created_ms,"
                          + " updated_ms) VALUES (?, 'glpi', ?, 'new', 0, 0)")) {
                ps.setString(1, incidentId);
                ps.setString(2, ticketId);
                ps.executeUpdate();
              }
              return null;
            }));
  }

  @Override
  public void close() throws Exception {
    await(ledger.close());
    await(store.close());
    await(vertx.close());
  }
}
