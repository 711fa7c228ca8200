package org.vigie.aggregator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.influx.InfluxClient;
import org.vigie.aggregator.influx.InfluxClient.InfluxFailure;
import org.vigie.aggregator.influx.InfluxSchema;
import org.vigie.aggregator.influx.LineProtocol;
import org.vigie.aggregator.influx.Spool;
import org.vigie.inventory.Check;
import org.vigie.probe.ProbeResult;

/**
 * Writes results, state changes and incident events to InfluxDB 1.x (schema in
 * docs/architecture.md) without ever blocking the caller, and without losing points while InfluxDB
 * is away.
 *
 * <p>{@code accept} formats the line-protocol line on the caller's thread and puts it on an
 * in-memory queue. One worker thread (the shared worker pool {@code vigie-influx} of size 1) takes
 * batches of {@link InfluxOptions#batchSize()} points every {@link InfluxOptions#flushInterval()},
 * or as soon as a batch is full, and POSTs them to {@code /write} (influxdb-java's blocking write,
 * with the request timeout of {@link InfluxOptions#timeout()}). When a write fails or times out,
 * the batch goes to the {@link Spool} on disk, and so does every later batch while the spool is not
 * empty, which keeps points in order; the spool is replayed, oldest segment first, as soon as a
 * write succeeds again (retries back off from 0.5 s to 10 s).
 *
 * <p>Durability: a point is <em>accepted</em> once it is written to InfluxDB (HTTP 204) or fsynced
 * into the spool; a kill -9 loses nothing accepted. Points still in the memory queue (at most one
 * flush interval's worth, or a write timeout's worth while InfluxDB hangs) are not yet accepted.
 * Replay is at-least-once; a point sent twice lands once, since InfluxDB keys a point by series and
 * timestamp.
 */
public final class InfluxSink implements TimeSeriesSink {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);
  private static final long MIN_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 10_000;
  private static final long DRAIN_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Vertx vertx;
  private final InfluxOptions options;
  private final Clock clock;
  private final InfluxSchema schema;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean drainPending = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong spooled = new AtomicLong();
  private final AtomicLong droppedQueueFull = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final Promise<Void> ready = Promise.promise();
  private volatile boolean stopped;
  private volatile String lastError;
  private WorkerExecutor worker;
  private long timerId = -1;

  // Owned by the worker thread.
  private volatile Spool spool;
  private InfluxClient client;
  private boolean schemaApplied;
  private boolean reachable = true;
  private long retryAtMillis;
  private long backoffMillis = MIN_BACKOFF_MS;

  public InfluxSink(Vertx vertx, InfluxOptions options, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    this.clock = clock;
    this.schema = new InfluxSchema(options);
  }

  /**
   * Opens the spool (taking over what a previous process left) and tries to create the database,
   * its retention policy and the rollups. Fails only if the spool cannot be opened: InfluxDB being
   * away at start is not an error, points are spooled until it comes (see {@link #ready()}).
   */
  @Override
  public Future<Void> start() {
    // Warn if one worker task (a drain) runs past three request timeouts: InfluxDB hangs.
    long maxExec = Math.max(60_000, 3 * options.timeout().toMillis());
    worker = vertx.createSharedWorkerExecutor("vigie-influx", 1, maxExec, TimeUnit.MILLISECONDS);
    return worker
        .<Void>executeBlocking(
            () -> {
              spool =
                  Spool.open(
                      options.spoolDir(), options.spoolMaxBytes(), options.spoolFullPolicy());
              client = new InfluxClient(options);
              ensureSchema();
              return null;
            },
            true)
        .onSuccess(
            v ->
                timerId =
                    vertx.setPeriodic(options.flushInterval().toMillis(), id -> scheduleDrain()))
        .onSuccess(v -> scheduleDrain());
  }

  /** Completes once the database and retention policy were created (the first time). */
  public Future<Void> ready() {
    return ready.future();
  }

  @Override
  public void accept(ProbeResult result, Check check) {
    enqueue(LineProtocol.result(result, check));
  }

  @Override
  public void accept(StateChange change, Check check) {
    enqueue(LineProtocol.state(change, check));
  }

  @Override
  public void accept(IncidentPoint point) {
    enqueue(LineProtocol.incident(point));
  }

  private void enqueue(String line) {
    if (stopped) {
      countQueueDrop("sink stopped");
      return;
    }
    int n = queued.get();
    if (n >= options.queueMax()) {
      countQueueDrop("memory queue full (" + options.queueMax() + " points)");
      return;
    }
    queue.add(line);
    if (queued.incrementAndGet() >= options.batchSize()) {
      scheduleDrain();
    }
  }

  private void countQueueDrop(String why) {
    if (droppedQueueFull.incrementAndGet() % 10_000 == 1) {
      LOG.warn("influx: dropping points: {} ({} so far)", why, droppedQueueFull.get());
    }
  }

  private void scheduleDrain() {
    if (worker != null && drainPending.compareAndSet(false, true)) {
      worker
          .executeBlocking(
              () -> {
                drainPending.set(false);
                drain(false);
                return null;
              },
              true)
          .onFailure(e -> LOG.error("influx: drain failed", e));
    }
  }

  /** Flushes the memory queue and closes the spool; a non-empty spool waits for the next start. */
  @Override
  public Future<Void> stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    if (worker == null) {
      return Future.succeededFuture();
    }
    return worker
        .<Void>executeBlocking(
            () -> {
              drain(true);
              spool.close();
              client.close();
              return null;
            },
            true)
        .eventually(() -> worker.close());
  }

  // ---- worker thread only ----

  private void drain(boolean stopping) {
    long deadline = System.nanoTime() + DRAIN_BUDGET_NANOS;
    ensureSchema();
    List<String> batch;
    while (!(batch = take()).isEmpty()) {
      if (spool.isEmpty() && writable()) {
        WriteResult r = send(batch);
        if (r == WriteResult.OK) {
          written.addAndGet(batch.size());
          continue;
        }
        if (r == WriteResult.REJECTED) {
          continue;
        }
      }
      // InfluxDB is away, or older points wait in the spool and these must come after them.
      spooled.addAndGet(spool.append(batch));
    }
    while (!stopping && !spool.isEmpty() && writable() && System.nanoTime() < deadline) {
      Spool.Batch b;
      try {
        b = spool.next(options.batchSize());
      } catch (java.io.IOException e) {
        LOG.error("influx: cannot read the spool: {}", e.toString());
        break;
      }
      WriteResult r = send(b.lines());
      if (r == WriteResult.FAILED) {
        break;
      }
      spool.ack(b);
      if (r == WriteResult.OK) {
        replayed.addAndGet(b.lines().size());
        written.addAndGet(b.lines().size());
      }
      if (spool.isEmpty()) {
        LOG.info("influx: spool replayed, {} points in all", replayed.get());
      }
    }
    if (!stopping && (queued.get() >= options.batchSize() || (!spool.isEmpty() && writable()))) {
      scheduleDrain(); // more to do: queue again rather than starve stop() and new points
    }
  }

  private List<String> take() {
    List<String> batch = new ArrayList<>(Math.min(queued.get(), options.batchSize()));
    String line;
    while (batch.size() < options.batchSize() && (line = queue.poll()) != null) {
      batch.add(line);
    }
    queued.addAndGet(-batch.size());
    return batch;
  }

  private enum WriteResult {
    OK,
    REJECTED,
    FAILED
  }

  private WriteResult send(List<String> lines) {
    try {
      client.write(lines);
      if (!reachable) {
        LOG.info(
            "influx: {} reachable again, replaying {} spooled points",
            options.url(),
            spool.points());
      }
      reachable = true;
      backoffMillis = MIN_BACKOFF_MS;
      return WriteResult.OK;
    } catch (InfluxFailure f) {
      if (!f.retryable()) {
        rejected.addAndGet(lines.size());
        lastError = f.getMessage();
        LOG.warn("influx: {} points refused by InfluxDB: {}", lines.size(), f.getMessage());
        return WriteResult.REJECTED;
      }
      if (f.getMessage().contains("database not found")) {
        schemaApplied = false; // dropped or a new empty server: create it again
      }
      unreachable(f);
      return WriteResult.FAILED;
    }
  }

  private void unreachable(InfluxFailure f) {
    lastError = f.getMessage();
    if (reachable) {
      LOG.warn(
          "influx: {} unreachable ({}); spooling to {}",
          options.url(),
          f.getMessage(),
          options.spoolDir());
    }
    reachable = false;
    retryAtMillis = clock.millis() + backoffMillis;
    backoffMillis = Math.min(MAX_BACKOFF_MS, backoffMillis * 2);
  }

  private boolean writable() {
    return schemaApplied && clock.millis() >= retryAtMillis;
  }

  private void ensureSchema() {
    if (schemaApplied || clock.millis() < retryAtMillis) {
      return;
    }
    try {
      schema.apply(client);
      schemaApplied = true;
      ready.tryComplete();
      LOG.info(
          "influx: database {} with retention policy {} ({}) ready at {}",
          options.database(),
          options.retentionPolicy(),
          InfluxSchema.influxDuration(options.retention()),
          options.url());
    } catch (InfluxFailure f) {
      if (!f.retryable()) {
        // A refused statement (e.g. no admin rights) will not fix itself, but InfluxDB might be
        // set up by hand: log it and keep trying, points wait in the spool meanwhile.
        LOG.error("influx: cannot set up the database: {}", f.getMessage());
      }
      unreachable(f);
    }
  }

  // ---- counters (any thread) ----

  /** Points acknowledged by InfluxDB (HTTP 204), directly or replayed from the spool. */
  public long written() {
    return written.get();
  }

  /** Points accepted into the spool (fsynced) since start. */
  public long spooled() {
    return spooled.get();
  }

  /** Points replayed from the spool and acknowledged by InfluxDB since start. */
  public long replayed() {
    return replayed.get();
  }

  /** Points lost: spool full (by its policy), memory queue full, or stopped. */
  public long dropped() {
    return droppedQueueFull.get() + (spool == null ? 0 : spool.dropped());
  }

  /** Points InfluxDB refused as invalid (HTTP 400: parse error, type conflict, too old). */
  public long rejected() {
    return rejected.get();
  }

  /** Truncated lines found in the spool at start (a previous process killed mid-write). */
  public long corrupt() {
    return spool == null ? 0 : spool.corrupt();
  }

  /** Points in the memory queue, not yet written nor spooled. */
  public long queued() {
    return queued.get();
  }

  /** Bytes of the spool on disk. */
  public long spoolBytes() {
    return spool == null ? 0 : spool.bytes();
  }

  /** Points waiting in the spool. */
  public long spoolPoints() {
    return spool == null ? 0 : spool.points();
  }

  /** The last error met talking to InfluxDB, password scrubbed; null if none yet. */
  public String lastError() {
    return lastError;
  }
}
