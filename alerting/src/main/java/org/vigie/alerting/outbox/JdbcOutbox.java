package org.vigie.alerting.outbox;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateStore;

/**
 * The outbox over the state store. The delivery loop runs on one Vert.x context: claims due
 * messages in a transaction (marking them SENDING with a lease), hands them to their channel's
 * deliverer, and records the outcome. A claim is conditional on the row still being due, so two
 * nodes sharing a PostgreSQL store never deliver the same message at once.
 */
final class JdbcOutbox implements Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int MAX_ERROR = 500;

  private final Vertx vertx;
  private final Context context;
  private final StateStore store;
  private final OutboxOptions options;
  private final Clock clock;
  private final Map<String, Deliverer> deliverers = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> dead = new ConcurrentHashMap<>();
  private volatile Map<String, Map<OutboxStatus, Long>> queued = Map.of();
  private volatile double oldestPendingSeconds;

  // Touched only on the loop's context.
  private int inFlight;
  private boolean claiming;
  private boolean again;
  private boolean closed;
  private long timer = -1;
  private int polls;
  private Promise<Void> idle;

  private JdbcOutbox(Vertx vertx, StateStore store, OutboxOptions options, Clock clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.store = store;
    this.options = options;
    this.clock = clock;
  }

  static Future<Outbox> open(Vertx vertx, StateStore store, OutboxOptions options, Clock clock) {
    JdbcOutbox outbox = new JdbcOutbox(vertx, store, options, clock);
    Promise<Outbox> started = Promise.promise();
    outbox.context.runOnContext(
        v -> {
          outbox.timer = vertx.setPeriodic(options.pollInterval().toMillis(), id -> outbox.poll());
          outbox.refreshCounts().onComplete(ar -> started.complete(outbox));
        });
    return started.future();
  }

  @Override
  public Future<Boolean> enqueue(String id, String channel, JsonObject payload, Instant notBefore) {
    return store
        .inTransaction(c -> enqueue(c, id, channel, payload, notBefore))
        .onSuccess(
            added -> {
              if (added) {
                wake();
              }
            });
  }

  @Override
  public boolean enqueue(
      Connection c, String id, String channel, JsonObject payload, Instant notBefore)
      throws SQLException {
    long now = clock.millis();
    long due = notBefore == null ? now : Math.max(now, notBefore.toEpochMilli());
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO outbox (id, channel, payload, status, attempts, created_ms, next_ms)"
                + " VALUES (?, ?, ?, 'PENDING', 0, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      s.setString(1, id);
      s.setString(2, channel);
      s.setString(3, payload.encode());
      s.setLong(4, now);
      s.setLong(5, due);
      return s.executeUpdate() == 1;
    }
  }

  @Override
  public void wake() {
    context.runOnContext(v -> drain());
  }

  @Override
  public void register(String channel, Deliverer deliverer) {
    deliverers.put(channel, deliverer);
    wake();
  }

  private void poll() {
    drain();
    // Counting is a scan of the unsent rows: every few polls is enough for a gauge.
    if (++polls % 5 == 0) {
      refreshCounts();
    }
  }

  private void drain() {
    if (closed) {
      return;
    }
    if (claiming) {
      again = true;
      return;
    }
    int free = options.concurrency() - inFlight;
    Set<String> channels = Set.copyOf(deliverers.keySet());
    if (free <= 0 || channels.isEmpty()) {
      return;
    }
    claiming = true;
    again = false;
    long now = clock.millis();
    store
        .inTransaction(c -> claim(c, channels, now, free))
        .onComplete(
            ar -> {
              claiming = false;
              if (ar.failed()) {
                LOG.warn("outbox: cannot read the queue: {}", ar.cause().getMessage());
                return;
              }
              ar.result().forEach(this::deliver);
              if (again || ar.result().size() == free) {
                drain();
              }
            });
  }

  private List<OutboxMessage> claim(Connection c, Set<String> channels, long now, int limit)
      throws SQLException {
    String in = channels.stream().map(ch -> "?").collect(Collectors.joining(", "));
    List<OutboxMessage> due = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, channel, payload, attempts, created_ms FROM outbox"
                + " WHERE status IN ('PENDING', 'SENDING') AND next_ms <= ? AND channel IN ("
                + in
                + ") ORDER BY next_ms LIMIT ?")) {
      int i = 1;
      s.setLong(i++, now);
      for (String ch : channels) {
        s.setString(i++, ch);
      }
      s.setInt(i, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          due.add(
              new OutboxMessage(
                  r.getString(1),
                  r.getString(2),
                  new JsonObject(r.getString(3)),
                  r.getInt(4) + 1,
                  Instant.ofEpochMilli(r.getLong(5))));
        }
      }
    }
    List<OutboxMessage> claimed = new ArrayList<>(due.size());
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE outbox SET status = 'SENDING', attempts = attempts + 1, next_ms = ?"
                + " WHERE id = ? AND status IN ('PENDING', 'SENDING') AND next_ms <= ?")) {
      for (OutboxMessage m : due) {
        u.setLong(1, now + options.lease().toMillis());
        u.setString(2, m.id());
        u.setLong(3, now);
        // Another node may have claimed it between the read and now (PostgreSQL re-checks the
        // condition after waiting for that node's transaction): then it is not ours.
        if (u.executeUpdate() == 1) {
          claimed.add(m);
        }
      }
    }
    return claimed;
  }

  private void deliver(OutboxMessage m) {
    inFlight++;
    Deliverer deliverer = deliverers.get(m.channel());
    Future<Void> delivery;
    try {
      delivery = deliverer.deliver(m);
    } catch (RuntimeException e) {
      delivery = Future.failedFuture(e);
    }
    delivery
        .timeout(options.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> record(m, ar.succeeded() ? null : ar.cause()))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                // The outcome could not be stored: the lease expires and the message goes again.
                LOG.warn(
                    "outbox: cannot record the delivery of {}: {}",
                    m.id(),
                    ar.cause().getMessage());
              }
              inFlight--;
              if (closed) {
                if (inFlight == 0 && idle != null) {
                  idle.tryComplete();
                }
              } else {
                drain();
              }
            });
  }

  private Future<Void> record(OutboxMessage m, Throwable failure) {
    long now = clock.millis();
    if (failure == null) {
      counter(delivered, m.channel()).incrementAndGet();
      return store.withConnection(
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE outbox SET status = 'SENT', done_ms = ?, last_error = NULL"
                        + " WHERE id = ?")) {
              s.setLong(1, now);
              s.setString(2, m.id());
              s.executeUpdate();
            }
            return null;
          });
    }
    counter(failures, m.channel()).incrementAndGet();
    String error = describe(failure);
    boolean giveUp = failure instanceof PermanentFailure || m.attempts() >= options.maxAttempts();
    if (giveUp) {
      counter(dead, m.channel()).incrementAndGet();
      LOG.error(
          "outbox: {} message {} is a dead letter after {} attempt(s): {}",
          m.channel(),
          m.id(),
          m.attempts(),
          error);
    } else {
      LOG.warn(
          "outbox: {} message {} failed (attempt {}), retrying: {}",
          m.channel(),
          m.id(),
          m.attempts(),
          error);
    }
    long next = giveUp ? now : now + backoff(m.attempts());
    return store.withConnection(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE outbox SET status = ?, next_ms = ?, done_ms = ?, last_error = ?"
                      + " WHERE id = ?")) {
            s.setString(1, (giveUp ? OutboxStatus.DEAD : OutboxStatus.PENDING).name());
            s.setLong(2, next);
            if (giveUp) {
              s.setLong(3, now);
            } else {
              s.setNull(3, Types.BIGINT);
            }
            s.setString(4, error);
            s.setString(5, m.id());
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Exponential: initial × 2^(attempts-1), capped, ±20 % so that retries do not march together. */
  long backoff(int attempts) {
    double base =
        Math.min(
            options.maxBackoff().toMillis(),
            options.initialBackoff().toMillis() * Math.pow(2, Math.min(attempts - 1, 30)));
    return Math.round(base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
  }

  private static String describe(Throwable t) {
    String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) + "…" : text;
  }

  private static AtomicLong counter(Map<String, AtomicLong> counters, String channel) {
    return counters.computeIfAbsent(channel, k -> new AtomicLong());
  }

  private Future<Void> refreshCounts() {
    long now = clock.millis();
    return store
        .withConnection(
            c -> {
              Map<String, Map<OutboxStatus, Long>> byChannel = new HashMap<>();
              long oldest = Long.MAX_VALUE;
              try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT channel, status, COUNT(*), MIN(created_ms) FROM outbox"
                              + " WHERE status <> 'SENT' GROUP BY channel, status");
                  ResultSet r = s.executeQuery()) {
                while (r.next()) {
                  OutboxStatus status = OutboxStatus.valueOf(r.getString(2));
                  byChannel
                      .computeIfAbsent(r.getString(1), k -> new EnumMap<>(OutboxStatus.class))
                      .put(status, r.getLong(3));
                  if (status != OutboxStatus.DEAD) {
                    oldest = Math.min(oldest, r.getLong(4));
                  }
                }
              }
              queued = byChannel;
              oldestPendingSeconds = oldest == Long.MAX_VALUE ? 0 : (now - oldest) / 1000.0;
              return (Void) null;
            })
        .recover(
            e -> {
              LOG.warn("outbox: cannot count the queue: {}", e.getMessage());
              return Future.succeededFuture();
            });
  }

  @Override
  public Future<Map<OutboxStatus, Long>> counts() {
    return store.withConnection(
        c -> {
          Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
          for (OutboxStatus s : OutboxStatus.values()) {
            counts.put(s, 0L);
          }
          try (PreparedStatement s =
                  c.prepareStatement("SELECT status, COUNT(*) FROM outbox GROUP BY status");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              counts.put(OutboxStatus.valueOf(r.getString(1)), r.getLong(2));
            }
          }
          return counts;
        });
  }

  @Override
  public Future<OutboxEntry> entry(String id) {
    return store.withConnection(
        c -> {
          List<OutboxEntry> found = select(c, "WHERE id = ?", id, 1);
          return found.isEmpty() ? null : found.get(0);
        });
  }

  @Override
  public Future<List<OutboxEntry>> deadLetters(int limit) {
    return store.withConnection(
        c -> select(c, "WHERE status = ? ORDER BY done_ms DESC", OutboxStatus.DEAD.name(), limit));
  }

  private static List<OutboxEntry> select(Connection c, String where, String arg, int limit)
      throws SQLException {
    List<OutboxEntry> entries = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, channel, status, attempts, created_ms, next_ms, done_ms, last_error"
                + " FROM outbox "
                + where
                + " LIMIT ?")) {
      s.setString(1, arg);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long done = r.getLong(7);
          Instant doneAt = r.wasNull() ? null : Instant.ofEpochMilli(done);
          entries.add(
              new OutboxEntry(
                  r.getString(1),
                  r.getString(2),
                  OutboxStatus.valueOf(r.getString(3)),
                  r.getInt(4),
                  Instant.ofEpochMilli(r.getLong(5)),
                  Instant.ofEpochMilli(r.getLong(6)),
                  doneAt,
                  r.getString(8)));
        }
      }
    }
    return entries;
  }

  @Override
  public Future<Boolean> retry(String id) {
    long now = clock.millis();
    return store
        .withConnection(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "UPDATE outbox SET status = 'PENDING', attempts = 0, next_ms = ?,"
                          + " done_ms = NULL WHERE id = ? AND status = 'DEAD'")) {
                s.setLong(1, now);
                s.setString(2, id);
                return s.executeUpdate() == 1;
              }
            })
        .onSuccess(
            retried -> {
              if (retried) {
                wake();
              }
            });
  }

  @Override
  public Collector metrics() {
    return new Collector() {
      @Override
      public List<MetricFamilySamples> collect() {
        GaugeMetricFamily messages =
            new GaugeMetricFamily(
                "vigie_outbox_messages",
                "Messages not yet sent, by channel and status (PENDING, SENDING, DEAD)",
                List.of("channel", "status"));
        queued.forEach(
            (channel, byStatus) ->
                byStatus.forEach(
                    (status, n) -> messages.addMetric(List.of(channel, status.name()), n)));
        return List.of(
            messages,
            counter("vigie_outbox_delivered", "Messages delivered", delivered),
            counter("vigie_outbox_failures", "Failed delivery attempts", failures),
            counter("vigie_outbox_dead_letters", "Messages given up", dead),
            new GaugeMetricFamily(
                "vigie_outbox_oldest_pending_seconds",
                "Age of the oldest message waiting to be delivered (0 when none)",
                oldestPendingSeconds));
      }
    };
  }

  private static CounterMetricFamily counter(
      String name, String help, Map<String, AtomicLong> values) {
    CounterMetricFamily family = new CounterMetricFamily(name, help, List.of("channel"));
    values.forEach((channel, n) -> family.addMetric(List.of(channel), n.get()));
    return family;
  }

  @Override
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          closed = true;
          vertx.cancelTimer(timer);
          if (inFlight == 0) {
            done.complete();
          } else {
            idle = done;
          }
        });
    // A hung delivery times out by itself; do not wait for longer than that.
    return done.future()
        .timeout(options.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture());
  }
}
