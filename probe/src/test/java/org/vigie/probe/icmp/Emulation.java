package org.vigie.probe.icmp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test support: a near and a far namespace joined by a veth pair (near 10.77.0.1, far 10.77.0.2,
 * addresses that exist only in these namespaces), with the far side's link emulated: loss by an
 * nftables {@code numgen random} drop of echo requests, delay and jitter by an {@link
 * EchoResponder} (kernel echo replies off there). Ping sockets are allowed to every group in the
 * near namespace, so both socket kinds can be tested from it. Needs root.
 */
public final class Emulation implements AutoCloseable {
  public static final String FAR_ADDRESS = "10.77.0.2";

  private final NetworkNamespaces namespaces = new NetworkNamespaces();
  private final String near;
  private final String far;
  private final Process responder;
  private final Writer commands;
  private final BufferedReader answers;

  public Emulation() {
    try {
      near = namespaces.create("near");
      far = namespaces.create("far");
      namespaces.veth(near, "10.77.0.1/24", far, FAR_ADDRESS + "/24");
      namespaces.exec(near, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
      namespaces.exec(far, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1");
      namespaces.exec(far, "nft", "add table inet vigie");
      namespaces.exec(
          far, "nft", "add chain inet vigie input { type filter hook input priority 0 ; }");
      // Real-time priority, so that replies leave on time even when the machine is busy.
      List<String> cmd = new java.util.ArrayList<>(List.of("chrt", "-f", "10"));
      cmd.addAll(NetworkNamespaces.java(EchoResponder.class));
      responder = namespaces.start(far, cmd);
      commands =
          new java.io.OutputStreamWriter(responder.getOutputStream(), StandardCharsets.UTF_8);
      answers =
          new BufferedReader(
              new InputStreamReader(responder.getInputStream(), StandardCharsets.UTF_8));
      expect("ready");
    } catch (RuntimeException | Error e) {
      namespaces.close();
      throw e;
    }
  }

  /** The namespace the pinger runs in. */
  public String near() {
    return near;
  }

  /** The namespace of the emulated far end, whose ping sockets are not allowed to anyone. */
  public String far() {
    return far;
  }

  public NetworkNamespaces namespaces() {
    return namespaces;
  }

  /**
   * Sets the far end's behaviour: every echo request dropped with probability {@code
   * lossPercent}/100, every reply sent {@code delayMs ± jitterMs} (uniform) after its request.
   */
  public void set(int delayMs, int jitterMs, int lossPercent) {
    namespaces.exec(far, "nft", "flush chain inet vigie input");
    if (lossPercent >= 100) {
      namespaces.exec(far, "nft", "add rule inet vigie input icmp type echo-request drop");
    } else if (lossPercent > 0) {
      namespaces.exec(
          far,
          "nft",
          "add rule inet vigie input icmp type echo-request numgen random mod 100 < "
              + lossPercent
              + " drop");
    }
    try {
      commands.write("delay " + delayMs + " " + jitterMs + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    expect("ok");
  }

  private void expect(String line) {
    try {
      String got = answers.readLine();
      if (!line.equals(got)) {
        throw new IllegalStateException("echo responder said " + got + ", expected " + line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command as an unprivileged user (nobody, no capabilities) in the far namespace. */
  public String runUnprivilegedInFar(List<String> command) {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all",
                "--"));
    cmd.addAll(command);
    return namespaces.exec(far, cmd.toArray(String[]::new));
  }

  @Override
  public void close() {
    namespaces.close();
  }
}
