package org.vigie.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for tests: {@code initdb} in a temporary folder, {@code postgres}
 * on a free port of 127.0.0.1 (and a Unix socket in that folder only), superuser {@code vigie} with
 * trust authentication. Uses the newest {@code /usr/lib/postgresql/<version>/bin} (Debian package
 * {@code postgresql}). PostgreSQL refuses to run as root, so as root the server runs as the {@code
 * postgres} OS user (created by the package) through {@code runuser}, the folder chowned to it.
 * Durability is switched off (fsync): these clusters die with the test.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path dir;
  private final int port;
  private final Process process;
  private final boolean asPostgresUser;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path bin, Path dir, int port, Process process, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.asPostgresUser = asPostgresUser;
  }

  /** Creates and starts a cluster; waits until it accepts connections. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("vigie-pg");
    Path data = dir.resolve("data");
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), dir);
    }
    run(
        command(
            root,
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "vigie",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"),
        dir);
    int port = freePort();
    Process process =
        new ProcessBuilder(
                command(
                    root,
                    bin.resolve("postgres").toString(),
                    "-D",
                    data.toString(),
                    "-k",
                    dir.toString(),
                    "-p",
                    Integer.toString(port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("postgres.log").toFile())
            .start();
    PostgresServer server = new PostgresServer(bin, dir, port, process, root);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    try {
      server.awaitReady();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The newest installed server version's bin folder. */
  static Path findBin() {
    try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
      return versions
          .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
          .max(Comparator.comparingInt(PostgresServer::versionOf))
          .map(v -> v.resolve("bin"))
          .orElseThrow(PostgresServer::notInstalled);
    } catch (IOException e) {
      throw notInstalled();
    }
  }

  private static int versionOf(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static IllegalStateException notInstalled() {
    return new IllegalStateException(
        "no PostgreSQL server under "
            + DEBIAN_ROOT
            + "/<version>/bin: install the Debian package postgresql (./run-tests does)");
  }

  private static List<String> command(boolean root, String... args) {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void run(List<String> cmd, Path dir) throws IOException, InterruptedException {
    Path log = dir.resolve("command.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "postgres exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(dir.resolve("postgres.log")));
      }
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "vigie", "")) {
        return;
      } catch (SQLException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IOException("postgres did not accept connections within 30 s", last);
  }

  public int port() {
    return port;
  }

  /** The user to connect as (a superuser, no password). */
  public String user() {
    return "vigie";
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates an empty database and returns its JDBC URL: one per test keeps tests apart. */
  public String createDatabase() {
    String name = "test_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return jdbcUrl(name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (process.isAlive()) {
        run(
            command(
                asPostgresUser,
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "stop",
                "-m",
                "fast",
                "-w"),
            dir);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } finally {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
