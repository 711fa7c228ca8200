package org.vigie.aggregator;

import java.util.Objects;

/**
 * Where the state store lives ({@code vigie.store} in configuration): a JDBC URL, credentials for
 * PostgreSQL and the connection pool size. The password is a secret: {@link #toString()} never
 * shows it.
 */
public final class StoreOptions {
  /** An embedded SQLite file next to the working directory: nothing to install. */
  public static final String DEFAULT_URL = "jdbc:sqlite:./data/vigie.db";

  /**
   * Small on purpose: SQLite has one writer at a time (readers run beside it in WAL mode), and the
   * store's traffic is state changes and outbox rows, not samples.
   */
  public static final int DEFAULT_POOL_SIZE = 4;

  private String url = DEFAULT_URL;
  private String username;
  private String password;
  private int poolSize = DEFAULT_POOL_SIZE;

  public StoreOptions() {}

  public StoreOptions(StoreOptions other) {
    this.url = other.url;
    this.username = other.username;
    this.password = other.password;
    this.poolSize = other.poolSize;
  }

  /** {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST:PORT/DB}. */
  public String getUrl() {
    return url;
  }

  public StoreOptions setUrl(String url) {
    this.url = Objects.requireNonNull(url, "url");
    return this;
  }

  /** PostgreSQL user; ignored by SQLite. Null: the driver's default. */
  public String getUsername() {
    return username;
  }

  public StoreOptions setUsername(String username) {
    this.username = username;
    return this;
  }

  /** PostgreSQL password (read by the caller from {@code password-file}); ignored by SQLite. */
  public String getPassword() {
    return password;
  }

  public StoreOptions setPassword(String password) {
    this.password = password;
    return this;
  }

  /** Connections in the pool, and threads of the {@code vigie-store} worker pool. */
  public int getPoolSize() {
    return poolSize;
  }

  public StoreOptions setPoolSize(int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool-size must be at least 1, got " + poolSize);
    }
    this.poolSize = poolSize;
    return this;
  }

  @Override
  public String toString() {
    return "StoreOptions{url="
        + url
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", poolSize="
        + poolSize
        + "}";
  }
}
