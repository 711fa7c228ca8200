package org.vigie.aggregator.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.Availability;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.aggregator.LedgerView;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateStore;
import org.vigie.inventory.Check;

/**
 * {@link AvailabilityLedger} in the {@code ledger_interval} table. Writes (changes, heartbeats,
 * recovery) go through one queue, one transaction each, so the derived device and link states are
 * computed from a consistent view of their checks; reads run in parallel.
 */
public final class JdbcAvailabilityLedger implements AvailabilityLedger {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAvailabilityLedger.class);

  /** {@code end_ms} of an open interval (see V1__availability_ledger.sql). */
  static final long OPEN = Long.MAX_VALUE;

  /** Subjects per availability query: far below SQLite's and PostgreSQL's parameter limits. */
  static final int BATCH = 500;

  static final String CAUSE_RESTART = "Vigie was not running";

  private final Vertx vertx;
  private final StateStore store;
  private final Subjects subjects;
  private final Clock clock;
  private final Object queueLock = new Object();
  private Future<?> queueTail = Future.succeededFuture();
  private long heartbeatTimer = -1;

  private JdbcAvailabilityLedger(Vertx vertx, StateStore store, Subjects subjects, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.subjects = subjects;
    this.clock = clock;
  }

  public static Future<AvailabilityLedger> open(
      Vertx vertx, StateStore store, List<Check> checks, Clock clock) {
    JdbcAvailabilityLedger ledger =
        new JdbcAvailabilityLedger(vertx, store, new Subjects(checks), clock);
    return ledger.recover().map(ledger);
  }

  /**
   * The reads alone, over the table as it is: no recovery, no heartbeat (the writes need the
   * inventory's subjects, which a reader does not have).
   */
  public static LedgerView view(StateStore store, Clock clock) {
    JdbcAvailabilityLedger reads = new JdbcAvailabilityLedger(null, store, null, clock);
    return new LedgerView() {
      @Override
      public Future<Availability> availability(String subject, Instant from, Instant to) {
        return reads.availability(subject, from, to);
      }

      @Override
      public Future<Map<String, Availability>> availability(
          Collection<String> subjects, Instant from, Instant to) {
        return reads.availability(subjects, from, to);
      }

      @Override
      public Future<List<LedgerInterval>> intervals(String subject, Instant from, Instant to) {
        return reads.intervals(subject, from, to);
      }
    };
  }

  // ---- writes

  /** Runs writes one after another, whatever thread submits them. */
  private <T> Future<T> serially(Supplier<Future<T>> task) {
    synchronized (queueLock) {
      Future<T> result = queueTail.transform(ignored -> task.get());
      queueTail = result.otherwiseEmpty();
      return result;
    }
  }

  private Future<Void> recover() {
    long now = clock.millis();
    return serially(
        () ->
            store.inTransaction(
                c -> {
                  long alive = alive(c);
                  int closed = 0;
                  List<Open> open = new ArrayList<>();
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT subject, kind, start_ms, state FROM ledger_interval"
                              + " WHERE end_ms = ?")) {
                    ps.setLong(1, OPEN);
                    try (ResultSet rs = ps.executeQuery()) {
                      while (rs.next()) {
                        open.add(
                            new Open(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getLong(3),
                                CheckState.valueOf(rs.getString(4))));
                      }
                    }
                  }
                  for (Open o : open) {
                    boolean known = subjects.knows(o.subject);
                    if (o.state == CheckState.UNKNOWN && known) {
                      continue; // the gap simply goes on
                    }
                    if (o.start < alive) {
                      closeAt(c, o.subject, o.start, alive);
                      if (known) {
                        insert(c, o.subject, o.kind, alive, CheckState.UNKNOWN, CAUSE_RESTART);
                      }
                    } else if (known) {
                      // Began at the last sign of life: no known time in that state at all.
                      update(c, o.subject, o.start, CheckState.UNKNOWN, CAUSE_RESTART);
                    } else {
                      delete(c, o.subject, o.start);
                    }
                    closed++;
                  }
                  bumpAlive(c, now);
                  if (closed > 0) {
                    LOG.info(
                        "ledger: {} open interval(s) closed at the last sign of life {}, unknown"
                            + " since",
                        closed,
                        Instant.ofEpochMilli(alive));
                  }
                  return null;
                }));
  }

  @Override
  public Future<Void> record(StateChange change) {
    long at = change.at().toEpochMilli();
    return serially(
        () ->
            store.inTransaction(
                c -> {
                  String key = change.checkKey();
                  Applied applied = apply(c, key, "check", at, change.to(), change.reason());
                  bumpAlive(c, at);
                  Check check = subjects.check(key);
                  if (applied != Applied.CHANGED || check == null) {
                    return null;
                  }
                  String cause = key + ": " + change.reason();
                  String device = check.device().key();
                  derive(c, device, "device", subjects.deviceMembers(device), at, cause);
                  String school = check.device().schoolId();
                  derive(c, school, "link", subjects.linkMembersWith(school, key), at, cause);
                  return null;
                }));
  }

  private void derive(
      Connection c, String subject, String kind, List<String> members, long at, String cause)
      throws SQLException {
    if (members.isEmpty()) {
      return;
    }
    CheckState state = Subjects.combine(openStates(c, members));
    Open current = openInterval(c, subject);
    if (current == null && state == CheckState.UNKNOWN) {
      return; // no interval already means UNKNOWN
    }
    apply(c, subject, kind, at, state, cause);
  }

  private enum Applied {
    CHANGED,
    UNCHANGED,
    LATE
  }

  /** Makes {@code state} the subject's state from {@code at} on. */
  private Applied apply(
      Connection c, String subject, String kind, long at, CheckState state, String cause)
      throws SQLException {
    Open open = openInterval(c, subject);
    if (open != null && open.start < at) {
      if (open.state == state) {
        return Applied.UNCHANGED;
      }
      closeAt(c, subject, open.start, at);
      insert(c, subject, kind, at, state, cause);
      return Applied.CHANGED;
    }
    if (open != null && open.start == at) {
      if (open.state == state) {
        return Applied.UNCHANGED; // a replay
      }
      // Two verdicts in the same millisecond: the later one is the state from then on.
      update(c, subject, at, state, cause);
      return Applied.CHANGED;
    }
    long lastEnd = lastEnd(c, subject);
    if (open == null && lastEnd <= at) {
      insert(c, subject, kind, at, state, cause);
      return Applied.CHANGED;
    }
    if (stateStartingAt(c, subject, at) == state) {
      return Applied.UNCHANGED; // a replay of an older change
    }
    LOG.warn(
        "ledger: ignored a change of {} to {} at {}: older than its current interval",
        subject,
        state,
        Instant.ofEpochMilli(at));
    return Applied.LATE;
  }

  @Override
  public Future<Void> heartbeat() {
    long now = clock.millis();
    return serially(
        () ->
            store.inTransaction(
                c -> {
                  bumpAlive(c, now);
                  return null;
                }));
  }

  @Override
  public void startHeartbeat(Duration period) {
    synchronized (queueLock) {
      if (heartbeatTimer >= 0) {
        vertx.cancelTimer(heartbeatTimer);
      }
      heartbeatTimer =
          vertx.setPeriodic(
              period.toMillis(),
              id ->
                  heartbeat()
                      .onFailure(e -> LOG.warn("ledger: heartbeat failed: {}", e.toString())));
    }
  }

  @Override
  public Future<Void> close() {
    synchronized (queueLock) {
      if (heartbeatTimer >= 0) {
        vertx.cancelTimer(heartbeatTimer);
        heartbeatTimer = -1;
      }
    }
    return heartbeat();
  }

  // ---- reads

  @Override
  public Future<Availability> availability(String subject, Instant from, Instant to) {
    return availability(List.of(subject), from, to).map(m -> m.get(subject));
  }

  @Override
  public Future<Map<String, Availability>> availability(
      Collection<String> subjectKeys, Instant from, Instant to) {
    if (to.isBefore(from)) {
      return Future.failedFuture(
          new IllegalArgumentException("period ends before it starts: " + from + " > " + to));
    }
    List<String> keys = List.copyOf(new LinkedHashSet<>(subjectKeys));
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    // The open interval lasts until now; what is still in the future is UNKNOWN.
    long upper = Math.max(fromMs, Math.min(toMs, clock.millis()));
    return store.withConnection(
        c -> {
          Map<String, Map<CheckState, Long>> millis = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i += BATCH) {
            sums(c, keys.subList(i, Math.min(keys.size(), i + BATCH)), fromMs, upper, millis);
          }
          Map<String, Availability> out = new LinkedHashMap<>();
          for (String key : keys) {
            Map<CheckState, Long> m = millis.getOrDefault(key, Map.of());
            Map<CheckState, Duration> time = new EnumMap<>(CheckState.class);
            long known = 0;
            for (var e : m.entrySet()) {
              time.put(e.getKey(), Duration.ofMillis(e.getValue()));
              known += e.getValue();
            }
            // Gaps between intervals, before the first and after now are UNKNOWN too.
            long unknown = m.getOrDefault(CheckState.UNKNOWN, 0L) + (toMs - fromMs - known);
            time.put(CheckState.UNKNOWN, Duration.ofMillis(unknown));
            out.put(key, new Availability(key, from, to, time));
          }
          return out;
        });
  }

  /**
   * One grouped query: each interval overlapping [from, upper) contributes its clipped length,
   * {@code min(end, upper) - max(start, from)}. CASE rather than MIN/MAX (SQLite) or LEAST/GREATEST
   * (PostgreSQL): the same SQL runs on both. {@code end_ms > from} is a range on the (subject,
   * end_ms) index, so old history is never read.
   */
  private static void sums(
      Connection c,
      List<String> keys,
      long from,
      long upper,
      Map<String, Map<CheckState, Long>> out)
      throws SQLException {
    String sql =
        "SELECT subject, state, SUM("
            + "(CASE WHEN end_ms < ? THEN end_ms ELSE ? END)"
            + " - (CASE WHEN start_ms > ? THEN start_ms ELSE ? END))"
            + " FROM ledger_interval WHERE subject IN ("
            + "?,".repeat(keys.size() - 1)
            + "?) AND end_ms > ? AND start_ms < ? GROUP BY subject, state";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, upper);
      ps.setLong(i++, upper);
      ps.setLong(i++, from);
      ps.setLong(i++, from);
      for (String k : keys) {
        ps.setString(i++, k);
      }
      ps.setLong(i++, from);
      ps.setLong(i, upper);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(CheckState.class))
              .merge(CheckState.valueOf(rs.getString(2)), rs.getLong(3), Long::sum);
        }
      }
    }
  }

  @Override
  public Future<List<LedgerInterval>> intervals(String subject, Instant from, Instant to) {
    return store.withConnection(
        c -> {
          List<LedgerInterval> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT start_ms, end_ms, state, cause FROM ledger_interval"
                      + " WHERE subject = ? AND end_ms > ? AND start_ms < ? ORDER BY start_ms")) {
            ps.setString(1, subject);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long end = rs.getLong(2);
                out.add(
                    new LedgerInterval(
                        subject,
                        Instant.ofEpochMilli(rs.getLong(1)),
                        end == OPEN ? null : Instant.ofEpochMilli(end),
                        CheckState.valueOf(rs.getString(3)),
                        rs.getString(4)));
              }
            }
          }
          return out;
        });
  }

  // ---- SQL helpers

  private record Open(String subject, String kind, long start, CheckState state) {}

  private static Open openInterval(Connection c, String subject) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT kind, start_ms, state FROM ledger_interval WHERE subject = ? AND end_ms = ?")) {
      ps.setString(1, subject);
      ps.setLong(2, OPEN);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Open(subject, rs.getString(1), rs.getLong(2), CheckState.valueOf(rs.getString(3)))
            : null;
      }
    }
  }

  private static List<CheckState> openStates(Connection c, List<String> subjects)
      throws SQLException {
    List<CheckState> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state FROM ledger_interval WHERE end_ms = ? AND subject IN ("
                + "?,".repeat(subjects.size() - 1)
                + "?)")) {
      ps.setLong(1, OPEN);
      for (int i = 0; i < subjects.size(); i++) {
        ps.setString(i + 2, subjects.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(CheckState.valueOf(rs.getString(1)));
        }
      }
    }
    return out;
  }

  private static long lastEnd(Connection c, String subject) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(end_ms) FROM ledger_interval WHERE subject = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long end = rs.getLong(1);
        return rs.wasNull() ? Long.MIN_VALUE : end;
      }
    }
  }

  private static CheckState stateStartingAt(Connection c, String subject, long start)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state FROM ledger_interval WHERE subject = ? AND start_ms = ?")) {
      ps.setString(1, subject);
      ps.setLong(2, start);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? CheckState.valueOf(rs.getString(1)) : null;
      }
    }
  }

  private static void insert(
      Connection c, String subject, String kind, long start, CheckState state, String cause)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ledger_interval (subject, kind, start_ms, end_ms, state, cause)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, subject);
      ps.setString(2, kind);
      ps.setLong(3, start);
      ps.setLong(4, OPEN);
      ps.setString(5, state.name());
      ps.setString(6, cause);
      ps.executeUpdate();
    }
  }

  private static void closeAt(Connection c, String subject, long start, long end)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ledger_interval SET end_ms = ? WHERE subject = ? AND start_ms = ?")) {
      ps.setLong(1, end);
      ps.setString(2, subject);
      ps.setLong(3, start);
      ps.executeUpdate();
    }
  }

  private static void update(
      Connection c, String subject, long start, CheckState state, String cause)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ledger_interval SET state = ?, cause = ? WHERE subject = ? AND start_ms = ?")) {
      ps.setString(1, state.name());
      ps.setString(2, cause);
      ps.setString(3, subject);
      ps.setLong(4, start);
      ps.executeUpdate();
    }
  }

  private static void delete(Connection c, String subject, long start) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM ledger_interval WHERE subject = ? AND start_ms = ?")) {
      ps.setString(1, subject);
      ps.setLong(2, start);
      ps.executeUpdate();
    }
  }

  private static long alive(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT alive_ms FROM ledger_alive WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Moves the last sign of life forward, never back (a change may carry an older time). */
  private static void bumpAlive(Connection c, long at) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE ledger_alive SET alive_ms = ? WHERE id = 1 AND alive_ms < ?")) {
      ps.setLong(1, at);
      ps.setLong(2, at);
      ps.executeUpdate();
    }
  }
}
