package org.vigie.aggregator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;

/** {@link StateStore} over a HikariCP pool, with its JDBC work on a named worker pool. */
public final class JdbcStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

  /** The worker pool's name, as seen in thread dumps and Vert.x's blocked-thread warnings. */
  public static final String WORKER_POOL = "vigie-store";

  /**
   * How long a SQLite writer waits for the write lock before failing with SQLITE_BUSY. Writes are
   * short (a few rows), so five seconds means something is wrong, not busy.
   */
  static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;

  private final HikariDataSource dataSource;
  private final WorkerExecutor executor;
  private final Dialect dialect;

  private JdbcStateStore(HikariDataSource dataSource, WorkerExecutor executor, Dialect dialect) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.dialect = dialect;
  }

  /** Opens the pool and migrates the schema, on the worker pool. */
  public static Future<StateStore> open(Vertx vertx, StoreOptions options) {
    Dialect dialect;
    try {
      dialect = dialectOf(options.getUrl());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    StoreOptions opts = new StoreOptions(options);
    WorkerExecutor executor = vertx.createSharedWorkerExecutor(WORKER_POOL, opts.getPoolSize());
    return executor
        .<StateStore>executeBlocking(
            () -> {
              HikariDataSource ds = dataSource(opts, dialect);
              try {
                var result =
                    Flyway.configure(JdbcStateStore.class.getClassLoader())
                        .dataSource(ds)
                        .locations(MIGRATIONS)
                        .load()
                        .migrate();
                LOG.info(
                    "state store {} ({}) at schema version {}, {} migration(s) applied",
                    redact(opts.getUrl()),
                    dialect,
                    result.targetSchemaVersion == null
                        ? result.initialSchemaVersion
                        : result.targetSchemaVersion,
                    result.migrationsExecuted);
              } catch (RuntimeException e) {
                ds.close();
                throw e;
              }
              return new JdbcStateStore(ds, executor, dialect);
            },
            false)
        .onFailure(e -> executor.close());
  }

  static Dialect dialectOf(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return Dialect.SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return Dialect.POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "vigie.store.url must start with jdbc:sqlite: or jdbc:postgresql:, got: " + redact(url));
  }

  private static HikariDataSource dataSource(StoreOptions opts, Dialect dialect) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(WORKER_POOL);
    hc.setJdbcUrl(opts.getUrl());
    hc.setMaximumPoolSize(opts.getPoolSize());
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(10_000);
    if (dialect == Dialect.SQLITE) {
      createParentDirectory(opts.getUrl());
      hc.setDataSourceProperties(sqliteConfig().toProperties());
    } else {
      hc.setUsername(opts.getUsername());
      hc.setPassword(opts.getPassword());
    }
    return new HikariDataSource(hc);
  }

  /**
   * WAL: readers (reports, availability queries) never block the writer nor wait for it.
   * synchronous=FULL: in WAL mode NORMAL already survives a crash of Vigie (kill -9) but may lose
   * the last commits on a power cut or kernel panic; FULL fsyncs the WAL at every commit, so a
   * committed ledger interval or outbox row survives those too. The store's write rate (state
   * changes, notifications: a few per second at worst) makes that fsync affordable. IMMEDIATE
   * transactions take the write lock at BEGIN, waiting up to the busy timeout, instead of failing
   * at once when two deferred transactions both try to upgrade to writing.
   */
  static SQLiteConfig sqliteConfig() {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    c.enforceForeignKeys(true);
    return c;
  }

  private static void createParentDirectory(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isEmpty() || path.startsWith(":memory:")) {
      return;
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state store's folder " + parent, e);
    }
  }

  /** A URL for logs and errors: PostgreSQL URLs may carry {@code password=...}. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public <T> Future<T> withConnection(SqlWork<T> work) {
    return executor.executeBlocking(
        () -> {
          try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
          }
        },
        false);
  }

  @Override
  public <T> Future<T> inTransaction(SqlWork<T> work) {
    return executor.executeBlocking(
        () -> {
          try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
              T result = work.apply(c);
              c.commit();
              return result;
            } catch (SQLException | RuntimeException e) {
              rollbackQuietly(c, e);
              throw e;
            } finally {
              c.setAutoCommit(true);
            }
          }
        },
        false);
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public Future<Void> close() {
    return executor
        .<Void>executeBlocking(
            () -> {
              dataSource.close();
              return null;
            },
            false)
        .eventually(executor::close);
  }
}
