package org.vigie.probe;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real server program (dnsmasq, snmpd) started by a test on a loopback port, and stopped. */
final class ExternalServer implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ExternalServer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command}; fails with the program's output if it exits at once. */
  static ExternalServer start(List<String> command) throws IOException, InterruptedException {
    return start(command, java.util.Map.of());
  }

  /** Starts {@code command} with extra environment variables. */
  static ExternalServer start(List<String> command, java.util.Map<String, String> env)
      throws IOException, InterruptedException {
    Path program = Path.of(command.get(0));
    if (!Files.isExecutable(program)) {
      throw new IllegalStateException(
          program + " is missing: install its Debian package (./run-tests does, as root)");
    }
    Path log = Files.createTempFile("vigie-server", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Thread.sleep(50);
    if (!p.isAlive()) {
      throw new IllegalStateException(
          command + " exited with " + p.exitValue() + ": " + Files.readString(log));
    }
    return new ExternalServer(p, log);
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** Waits until {@code ready} holds (polled), or fails with the server's output. */
  void awaitReady(Duration max, java.util.function.BooleanSupplier ready) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited: " + output());
      }
      if (ready.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("server not ready within " + max + ": " + output());
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    Files.deleteIfExists(log);
  }

  /** A UDP port free on 127.0.0.1 right now. */
  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A TCP port free on 127.0.0.1 right now. */
  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
