package org.vigie.bench;

import java.util.Locale;

/**
 * Vigie's benchmarks: programs that print tables (see docs/benchmarks.md), not tests.
 *
 * <pre>
 * java -jar bench/target/vigie-bench.jar probes [PROBES] [CONCURRENCY]
 * java -jar bench/target/vigie-bench.jar icmp [ROUNDS]
 * java -jar bench/target/vigie-bench.jar scale [CHECKS] [MINUTES]
 * java -jar bench/target/vigie-bench.jar notify [CHECKS] [INTERVAL_S] [GROUP_WAIT_MS] [warm|cold]
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "help";
    switch (what) {
      case "probes" -> {
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.out.printf(
            Locale.ROOT,
            "TCP and HTTP probes: %,d each at concurrency %d, Vigie vs blackbox_exporter%n",
            probes,
            concurrency);
        System.out.print(
            ProbeBench.table(
                new ProbeBench(probes, concurrency, args.length > 3 && args[3].equals("vigie-only"))
                    .run()));
      }
      case "scale" -> {
        int checks = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        double minutes = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        System.out.print(new ScaleBench(checks, minutes).run());
      }
      case "icmp" -> {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.print(new IcmpSweepBench(java.util.List.of(10_000, 50_000), rounds).run());
      }
      case "notify" -> {
        int checks = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 10;
        long groupWait = args.length > 3 ? Long.parseLong(args[3]) : 0;
        boolean warm = args.length <= 4 || !args[4].equals("cold");
        System.out.print(
            new NotifyBench(
                    checks,
                    java.time.Duration.ofSeconds(interval),
                    java.time.Duration.ofMillis(groupWait),
                    warm)
                .run());
      }
      default -> {
        System.err.println(
            "usage: vigie-bench probes [PROBES] [CONCURRENCY] | scale [CHECKS] [MINUTES]"
                + " | notify [CHECKS] [INTERVAL_S] [GROUP_WAIT_MS] [warm|cold]");
        System.exit(2);
      }
    }
    System.exit(0);
  }
}
