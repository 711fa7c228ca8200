package org.vigie.probe.icmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test support: network namespaces a test makes for itself ({@code vigie-test-<random>-<role>}),
 * veth pairs between them, commands and processes inside them, and removal of all of it on {@link
 * #close} (namespaces, and with them their veth ends, addresses and nftables rules). Needs root.
 * Addresses given to veth ends exist only inside these namespaces.
 */
public final class NetworkNamespaces implements AutoCloseable {
  private final String id =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
  private final List<String> names = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  public NetworkNamespaces() {
    Root.require("create network namespaces");
  }

  /** Creates a namespace with its loopback up; returns its name. */
  public String create(String role) {
    String name = "vigie-test-" + id + "-" + role;
    run(List.of("ip", "netns", "add", name));
    names.add(name);
    run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
    return name;
  }

  /** A veth pair with one end in each namespace, addressed and up ({@code 10.77.0.1/24}). */
  public void veth(String nsA, String cidrA, String nsB, String cidrB) {
    String a = "vt" + id + "a";
    String b = "vt" + id + "b";
    run(
        List.of(
            "ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB));
    run(List.of("ip", "-n", nsA, "addr", "add", cidrA, "dev", a));
    run(List.of("ip", "-n", nsB, "addr", "add", cidrB, "dev", b));
    run(List.of("ip", "-n", nsA, "link", "set", a, "up"));
    run(List.of("ip", "-n", nsB, "link", "set", b, "up"));
  }

  /** Runs a command inside a namespace; returns its output, fails with its errors. */
  public String exec(String ns, String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    return run(cmd);
  }

  /** Starts a process inside a namespace; it is killed on {@link #close}. */
  public Process start(String ns, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(command);
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The command that runs a test-scope main class of this module in a new JVM (the classes
   * directories only: such mains use nothing but the JDK and this module's native code).
   */
  public static List<String> java(Class<?> main, String... args) {
    String javaBin =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classpath = location(main) + ":" + location(IcmpPackets.class);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, main.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command, returns its standard output; fails with its errors and exit status. */
  public static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd)
                + " exited with "
                + p.exitValue()
                + ": "
                + new String(err, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the processes and deletes the namespaces, whatever happened before. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> failures = new ArrayList<>();
    for (String ns : names) {
      try {
        run(List.of("ip", "netns", "del", ns));
      } catch (RuntimeException e) {
        failures.add(e.getMessage());
      }
    }
    names.clear();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("cleanup failed: " + failures);
    }
  }
}
