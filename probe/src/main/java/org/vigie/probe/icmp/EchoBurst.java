package org.vigie.probe.icmp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one burst of echo requests to one target measured.
 *
 * <p>Formulas (all over the echoes that got a reply, in the order they were sent):
 *
 * <ul>
 *   <li>loss ratio = (sent − received) / sent;
 *   <li>mean deviation {@code mdev} = √(mean(rtt²) − mean(rtt)²), the population standard
 *       deviation, as iputils {@code ping} prints it;
 *   <li>jitter = mean of |rtt<sub>i</sub> − rtt<sub>i−1</sub>| over consecutive replies, the
 *       inter-arrival variation of RFC 3550 §6.4.1 without its 1/16 smoothing (a burst is too short
 *       for an exponential average to settle), as smokeping and most link SLAs count it.
 * </ul>
 *
 * @param target the address the echoes went to
 * @param sent echo requests handed to the kernel (or attempted: a failed send counts as sent and
 *     lost, so that a route failure shows as loss)
 * @param rtts the round-trip time of each echo that got a reply, in sending order
 * @param sendError the first error of {@code sendto}, e.g. "Network is unreachable", or null
 */
public record EchoBurst(InetAddress target, int sent, List<Duration> rtts, String sendError) {
  public EchoBurst {
    rtts = List.copyOf(rtts);
    if (rtts.size() > sent) {
      throw new IllegalArgumentException(rtts.size() + " replies to " + sent + " requests");
    }
  }

  public int received() {
    return rtts.size();
  }

  public double lossRatio() {
    return sent == 0 ? 0 : (sent - rtts.size()) / (double) sent;
  }

  public Optional<Duration> min() {
    return rtts.stream().min(Duration::compareTo);
  }

  public Optional<Duration> max() {
    return rtts.stream().max(Duration::compareTo);
  }

  public Optional<Duration> avg() {
    return rtts.isEmpty() ? Optional.empty() : Optional.of(nanos(meanNanos()));
  }

  public Optional<Duration> mdev() {
    if (rtts.isEmpty()) {
      return Optional.empty();
    }
    double mean = meanNanos();
    double meanSquare = rtts.stream().mapToDouble(d -> sq(d.toNanos())).average().orElse(0);
    return Optional.of(nanos(Math.sqrt(Math.max(0, meanSquare - mean * mean))));
  }

  /** Empty with fewer than two replies: one reply has nothing to vary against. */
  public Optional<Duration> jitter() {
    if (rtts.size() < 2) {
      return Optional.empty();
    }
    double sum = 0;
    for (int i = 1; i < rtts.size(); i++) {
      sum += Math.abs(rtts.get(i).toNanos() - rtts.get(i - 1).toNanos());
    }
    return Optional.of(nanos(sum / (rtts.size() - 1)));
  }

  /**
   * The figures in base units, as probes report them: {@code sent}, {@code received}, {@code
   * loss_ratio} always; {@code rtt_min_seconds}, {@code rtt_avg_seconds}, {@code rtt_max_seconds},
   * {@code rtt_mdev_seconds} with at least one reply; {@code jitter_seconds} with at least two.
   */
  public Map<String, Double> figures() {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("sent", (double) sent);
    f.put("received", (double) received());
    f.put("loss_ratio", lossRatio());
    min().ifPresent(d -> f.put("rtt_min_seconds", seconds(d)));
    avg().ifPresent(d -> f.put("rtt_avg_seconds", seconds(d)));
    max().ifPresent(d -> f.put("rtt_max_seconds", seconds(d)));
    mdev().ifPresent(d -> f.put("rtt_mdev_seconds", seconds(d)));
    jitter().ifPresent(d -> f.put("jitter_seconds", seconds(d)));
    return f;
  }

  private double meanNanos() {
    return rtts.stream().mapToLong(Duration::toNanos).average().orElse(0);
  }

  private static double sq(double x) {
    return x * x;
  }

  private static Duration nanos(double n) {
    return Duration.ofNanos(Math.round(n));
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
