package org.vigie.probe.icmp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.Durations;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Outcome;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;

/**
 * ICMP echo probe: a burst of {@code count} echo requests to the device's address, one every {@code
 * spacing}, through the shared {@link IcmpPinger}. UP when at least one reply came back, DOWN when
 * none did ("no reply to 5 echo requests") or no ICMP socket can be opened (the reason says what to
 * set). Figures: {@code sent}, {@code received}, {@code loss_ratio}, {@code rtt_min_seconds},
 * {@code rtt_avg_seconds}, {@code rtt_max_seconds}, {@code rtt_mdev_seconds}, {@code
 * jitter_seconds} (see {@link EchoBurst} for the formulas).
 *
 * <p>The address family follows the address: an IPv6 literal is pinged with ICMPv6; a host name is
 * resolved to IPv4 unless {@code ipv6: true}.
 */
public final class IcmpProbe implements Probe {
  public static final int DEFAULT_COUNT = 5;
  public static final Duration DEFAULT_SPACING = Duration.ofMillis(100);
  public static final int DEFAULT_SIZE = 56;
  public static final Duration DEFAULT_ECHO_TIMEOUT = Duration.ofSeconds(2);
  static final int MAX_COUNT = 1000;

  /** Room left at the end of the check's timeout for the result to be built and sent. */
  private static final Duration MARGIN = Duration.ofMillis(100);

  /**
   * Parameters: {@code count} (echoes per round, 1–1000, default 5), {@code spacing} (between
   * sends, default 100ms), {@code size} (payload bytes, 8–65000, default 56 as ping), {@code
   * echo-timeout} (how long each echo waits for its reply, default 2s, cut to fit the check's
   * timeout), {@code ipv6} (for a host name: ping its IPv6 address; default false).
   */
  public static final CheckKindSchema SCHEMA = new CheckKindSchema(params(), java.util.Set.of());

  private final Vertx vertx;
  private final IcmpPinger pinger;

  public IcmpProbe(Vertx vertx, IcmpPinger pinger) {
    this.vertx = vertx;
    this.pinger = pinger;
  }

  /** The burst parameters, shared with the {@code link} kind. */
  public static Map<String, ParamType> params() {
    Map<String, ParamType> p = new LinkedHashMap<>();
    p.put("count", ParamType.INT);
    p.put("spacing", ParamType.DURATION);
    p.put("size", ParamType.INT);
    p.put("echo-timeout", ParamType.DURATION);
    p.put("ipv6", ParamType.BOOLEAN);
    return p;
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    return observe(check.device().address(), check.spec().params(), context, DEFAULT_COUNT);
  }

  /**
   * Runs one burst to {@code address} with the burst parameters in {@code params} and reports it:
   * UP with the figures if any echo came back, DOWN with the reason otherwise. Never fails.
   *
   * @param defaultCount the echoes sent when {@code count} is not set (the link kind sends more)
   */
  public Future<Observation> observe(
      String address, Map<String, String> params, ProbeContext context, int defaultCount) {
    int count;
    int size;
    Duration spacing;
    Duration echoTimeout;
    try {
      count = intParam(params, "count", defaultCount, 1, MAX_COUNT);
      size =
          intParam(params, "size", DEFAULT_SIZE, IcmpPackets.MIN_PAYLOAD, IcmpPackets.MAX_PAYLOAD);
      spacing = durationParam(params, "spacing", DEFAULT_SPACING);
      echoTimeout = durationParam(params, "echo-timeout", DEFAULT_ECHO_TIMEOUT);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Observation.down(e.getMessage()));
    }
    Duration sending = spacing.multipliedBy(count - 1);
    Duration left = context.timeout().minus(sending).minus(MARGIN);
    if (!left.isPositive()) {
      return Future.succeededFuture(
          Observation.down(
              count
                  + " echoes "
                  + Durations.format(spacing)
                  + " apart do not fit in the check's timeout of "
                  + context.timeout().toMillis()
                  + " ms: lower count or spacing, or raise the timeout"));
    }
    Duration perEcho = echoTimeout.compareTo(left) < 0 ? echoTimeout : left;
    boolean ipv6 = Boolean.parseBoolean(params.getOrDefault("ipv6", "false"));
    int echoes = count;
    return resolve(address, ipv6)
        .compose(
            target ->
                pinger
                    .burst(target, echoes, spacing, perEcho, size)
                    .map(IcmpProbe::judge)
                    .recover(
                        e ->
                            Future.succeededFuture(
                                Observation.down(
                                    e instanceof IcmpUnavailableException
                                        ? e.getMessage()
                                        : "ICMP failed: " + e))),
            e ->
                Future.succeededFuture(
                    Observation.down("cannot resolve '" + address + "': " + e.getMessage())));
  }

  static Observation judge(EchoBurst burst) {
    Map<String, Double> figures = burst.figures();
    if (burst.received() == 0) {
      return Observation.down(
          "no reply to "
              + burst.sent()
              + " echo request"
              + (burst.sent() == 1 ? "" : "s")
              + (burst.sendError() == null ? "" : " (" + burst.sendError() + ")"),
          figures);
    }
    return new Observation(
        Outcome.UP,
        burst.received()
            + "/"
            + burst.sent()
            + " replies, rtt avg "
            + millis(burst.avg().orElseThrow()),
        figures);
  }

  /** A duration in milliseconds with up to three decimals, e.g. {@code 52.125 ms}. */
  public static String millis(Duration d) {
    return millis(d.toNanos() / 1e9);
  }

  /** Seconds as milliseconds with up to three decimals, e.g. {@code 52.125 ms}. */
  public static String millis(double seconds) {
    String s = String.format(Locale.ROOT, "%.3f", seconds * 1000);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s + " ms";
  }

  /** A literal is used as is; a name is resolved on a worker thread (the JDK resolver blocks). */
  private Future<InetAddress> resolve(String address, boolean ipv6) {
    Optional<InetAddress> literal = literal(address);
    if (literal.isPresent()) {
      return Future.succeededFuture(literal.get());
    }
    return vertx.executeBlocking(
        () ->
            Arrays.stream(InetAddress.getAllByName(address))
                .filter(a -> (a instanceof Inet6Address) == ipv6)
                .findFirst()
                .orElseThrow(
                    () -> new UnknownHostException("no " + (ipv6 ? "IPv6" : "IPv4") + " address")));
  }

  private static Optional<InetAddress> literal(String address) {
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    try {
      return Optional.of(InetAddress.ofLiteral(a));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int intParam(
      Map<String, String> params, String key, int fallback, int min, int max) {
    String v = params.get(key);
    if (v == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + " must be " + min + "–" + max + ", got " + n);
    }
    return n;
  }

  static Duration durationParam(Map<String, String> params, String key, Duration fallback) {
    String v = params.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }
}
