package org.vigie.probe.icmp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A measurement, not a test: one echo to each of N loopback addresses (127.0.x.y, all answered by
 * the kernel on {@code lo}) through one {@link IcmpPinger}, printing wall time, targets per second
 * and CPU per target. Needs root (raw socket) or a ping_group_range holding its group.
 *
 * <pre>
 * mvn -q -pl probe -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED \
 *     -cp probe/target/test-classes:probe/target/classes:inventory/target/classes:$(cat probe/target/test.classpath) \
 *     org.vigie.probe.icmp.IcmpSweep 10000
 * </pre>
 */
public final class IcmpSweep {
  private IcmpSweep() {}

  public static void main(String[] args) throws Exception {
    int targets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Vertx vertx = Vertx.vertx();
    try (IcmpPinger pinger = new IcmpPinger(vertx)) {
      for (int i = 0; i < 5; i++) {
        sweep(pinger, vertx, targets); // warm-up: the JIT, the socket, the linker's stubs
      }
      System.out.printf(
          "socket: %s; %d targets, one echo each, %d rounds%n",
          pinger.socketKind(false).orElseThrow(), targets, rounds);
      System.out.println("round  wall_ms  targets_per_s  replies  cpu_us_per_target");
      for (int r = 1; r <= rounds; r++) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        int replies = sweep(pinger, vertx, targets);
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        System.out.printf(
            "%5d  %7.1f  %13.0f  %7d  %17.2f%n",
            r, wall / 1e6, targets / (wall / 1e9), replies, cpu / 1e3 / targets);
      }
    } finally {
      vertx.close().await();
    }
  }

  /** Sends every echo from one event loop and waits for the last reply or timeout. */
  private static int sweep(IcmpPinger pinger, Vertx vertx, int targets) throws Exception {
    List<InetAddress> addresses = new ArrayList<>(targets);
    for (int i = 0; i < targets; i++) {
      addresses.add(address(i));
    }
    List<Future<EchoBurst>> bursts = new ArrayList<>(targets);
    var context = vertx.getOrCreateContext();
    io.vertx.core.Promise<Void> sent = io.vertx.core.Promise.promise();
    context.runOnContext(
        v -> {
          for (InetAddress a : addresses) {
            bursts.add(pinger.burst(a, 1, Duration.ZERO, Duration.ofSeconds(2)));
          }
          sent.complete();
        });
    sent.future().await();
    Future.join(bursts).await();
    int replies = 0;
    for (Future<EchoBurst> f : bursts) {
      replies += f.result().received();
    }
    return replies;
  }

  private static InetAddress address(int i) throws UnknownHostException {
    int n = i + 1;
    return InetAddress.getByAddress(new byte[] {127, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
