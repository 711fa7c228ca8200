package org.vigie.probe.link;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.Durations;
import org.vigie.inventory.Link;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Outcome;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;
import org.vigie.probe.icmp.IcmpProbe;

/**
 * Link quality probe: an ICMP burst to the school link's probed address ({@code link.address}, or
 * the device's address when the link has none) judged against the link type's {@link LinkProfile}.
 * DOWN when no echo came back (or none could be sent), DEGRADED when the average RTT, the loss
 * ratio or the jitter passes its ceiling (the reason names each figure passed, with the measured
 * value and the ceiling), UP otherwise. Figures: those of the {@code icmp} kind.
 */
public final class LinkProbe implements Probe {
  /**
   * 20 echoes by default (against 5 for {@code icmp}): loss is measured in steps of 1/count, and a
   * link judged on 5 echoes would swing between 0 % and 20 %.
   */
  public static final int DEFAULT_COUNT = 20;

  /**
   * Burst parameters of {@code icmp} (with {@code count} defaulting to 20) plus {@code max-rtt}
   * (duration), {@code max-loss} (a percentage {@code 2%} or a ratio {@code 0.02}) and {@code
   * max-jitter} (duration), each defaulting to the link type's profile.
   */
  public static final CheckKindSchema SCHEMA = new CheckKindSchema(params(), Set.of());

  private final IcmpProbe icmp;

  public LinkProbe(IcmpProbe icmp) {
    this.icmp = icmp;
  }

  private static Map<String, ParamType> params() {
    Map<String, ParamType> p = new LinkedHashMap<>(IcmpProbe.params());
    p.put("max-rtt", ParamType.DURATION);
    // A percentage is not one of the loader's types: validated here, at the first run.
    p.put("max-loss", ParamType.STRING);
    p.put("max-jitter", ParamType.DURATION);
    return p;
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    Link link = check.school().link();
    String address =
        link.address() == null || link.address().isBlank()
            ? check.device().address()
            : link.address();
    String type = link.type().key();
    LinkProfile profile;
    try {
      profile = profile(LinkProfiles.of(link.type()), check.spec().params());
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Observation.down(e.getMessage()));
    }
    return icmp.observe(address, check.spec().params(), context, DEFAULT_COUNT)
        .map(o -> o.outcome() == Outcome.DOWN ? o : judge(o.figures(), profile, type));
  }

  /** The type's profile with the check's overrides. */
  static LinkProfile profile(LinkProfile base, Map<String, String> params) {
    LinkProfile p = base;
    String rtt = params.get("max-rtt");
    if (rtt != null) {
      p = p.withMaxRtt(Durations.parse(rtt));
    }
    String loss = params.get("max-loss");
    if (loss != null) {
      p = p.withMaxLoss(parseLoss(loss));
    }
    String jitter = params.get("max-jitter");
    if (jitter != null) {
      p = p.withMaxJitter(Durations.parse(jitter));
    }
    return p;
  }

  /** {@code 2%}, {@code 0.5%} or {@code 0.02}; 0–100 % only. */
  static double parseLoss(String text) {
    String t = text.strip();
    double ratio;
    try {
      ratio =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
              : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      ratio = Double.NaN;
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException(
          "max-loss must be a percentage like 2% or a ratio like 0.02 (0–100 %), got '"
              + text
              + "'");
    }
    return ratio;
  }

  static Observation judge(Map<String, Double> figures, LinkProfile profile, String type) {
    double rtt = figures.get("rtt_avg_seconds");
    double loss = figures.get("loss_ratio");
    Double jitter = figures.get("jitter_seconds");
    List<String> passed = new ArrayList<>();
    if (rtt > seconds(profile.maxRtt())) {
      passed.add(
          "rtt avg "
              + IcmpProbe.millis(rtt)
              + " above the "
              + type
              + " ceiling of "
              + IcmpProbe.millis(profile.maxRtt()));
    }
    if (loss > profile.maxLoss()) {
      passed.add(
          "loss "
              + percent(loss)
              + " above the "
              + type
              + " ceiling of "
              + percent(profile.maxLoss()));
    }
    if (jitter != null && jitter > seconds(profile.maxJitter())) {
      passed.add(
          "jitter "
              + IcmpProbe.millis(jitter)
              + " above the "
              + type
              + " ceiling of "
              + IcmpProbe.millis(profile.maxJitter()));
    }
    if (!passed.isEmpty()) {
      return new Observation(Outcome.DEGRADED, String.join("; ", passed), figures);
    }
    return new Observation(
        Outcome.UP,
        "within the "
            + type
            + " profile: rtt avg "
            + IcmpProbe.millis(rtt)
            + ", loss "
            + percent(loss)
            + (jitter == null ? "" : ", jitter " + IcmpProbe.millis(jitter)),
        figures);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** A ratio as a percentage with up to two decimals, e.g. {@code 2.5 %}. */
  static String percent(double ratio) {
    String s = String.format(Locale.ROOT, "%.2f", ratio * 100);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s + " %";
  }
}
