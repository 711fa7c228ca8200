package org.vigie.aggregator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import org.vigie.aggregator.store.JdbcStateStore;

/**
 * Vigie's durable state (ledger intervals today; incidents, outbox and tickets later): an embedded
 * SQLite file by default, PostgreSQL by configuration, one schema migrated by Flyway from {@code
 * classpath:db/vigie} at open. Every JDBC call runs on the {@code vigie-store} worker pool, never
 * on an event loop.
 *
 * <p>Modules that add tables ship {@code db/vigie/V<n>__<what>.sql} in their own jar: Flyway finds
 * every file of that folder on the classpath. Write SQL both databases accept (see {@code
 * docs/architecture.md}, "State store").
 */
public interface StateStore {

  /** The Flyway location of the schema's migrations, shared by every module. */
  String MIGRATIONS = "classpath:db/vigie";

  /** Opens the pool and applies pending migrations; fails if the database cannot be reached. */
  static Future<StateStore> open(Vertx vertx, StoreOptions options) {
    return JdbcStateStore.open(vertx, options);
  }

  /** Which database is behind the URL: the few places where SQL differs ask this. */
  Dialect dialect();

  /**
   * Runs {@code work} on a worker thread with a pooled connection in auto-commit mode (reads,
   * single statements).
   */
  <T> Future<T> withConnection(SqlWork<T> work);

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. On
   * SQLite transactions begin IMMEDIATE (the write lock is taken at BEGIN and waited for up to the
   * busy timeout), so two writers never deadlock on a lock upgrade.
   */
  <T> Future<T> inTransaction(SqlWork<T> work);

  /** Closes the pool and the worker pool. */
  Future<Void> close();

  /** The databases Vigie supports. */
  enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  /** A unit of JDBC work. */
  @FunctionalInterface
  interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }
}
