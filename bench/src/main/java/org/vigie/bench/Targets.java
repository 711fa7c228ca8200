package org.vigie.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Starts {@link TargetServer} in a child JVM and stops it. */
final class Targets implements AutoCloseable {
  final int tcpPort;
  final int httpPort;
  private final Process process;

  private Targets(Process process, int tcpPort, int httpPort) {
    this.process = process;
    this.tcpPort = tcpPort;
    this.httpPort = httpPort;
  }

  static Targets start() throws IOException {
    return start(freePort(), freePort());
  }

  /** A target server on given ports (to start one again where checks expect it). */
  static Targets start(int tcp, int http) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                TargetServer.class.getName(),
                Integer.toString(tcp),
                Integer.toString(http))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("READY")) {
      p.destroyForcibly();
      throw new IOException("target server did not start: " + line);
    }
    return new Targets(p, tcp, http);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Kills the server at once: its listeners vanish, connections are refused from now on. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    process.destroy();
  }
}
