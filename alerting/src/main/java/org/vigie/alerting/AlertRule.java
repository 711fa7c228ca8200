package org.vigie.alerting;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.vigie.aggregator.CheckState;
import org.vigie.inventory.Origin;

/**
 * One alert rule: which conditions it matches, how severe they are and how long they must last. The
 * first matching rule of {@link AlertRules} wins; a null matcher field matches anything.
 *
 * @param on what the rule is about: a school cut off, a device down, a check's state or figure
 * @param severity null for "none": matching conditions open no incident
 * @param forDuration how long the condition must last before an incident opens
 * @param deviceKind {@code server}, {@code access-point}… (DEVICE and CHECK rules)
 * @param checkKind the probe kind ({@code backup}, {@code link}…) (CHECK rules)
 * @param checkName the check's name (CHECK rules)
 * @param linkType {@code adsl}, {@code fibre}… of the school's link
 * @param provider the school's link provider
 * @param state DOWN or DEGRADED for state rules of CHECKs; null for figure rules
 * @param figure a {@code ProbeResult} figure name; {@code disk_used_ratio} also matches {@code
 *     disk_used_ratio:/var}
 * @param above the condition holds when the figure is above this (null: not used)
 * @param below the condition holds when the figure is below this (null: not used)
 * @param absolute compare the figure's absolute value (clock offsets are signed)
 */
public record AlertRule(
    String name,
    Target on,
    Severity severity,
    Duration forDuration,
    String deviceKind,
    String checkKind,
    String checkName,
    String linkType,
    String provider,
    CheckState state,
    String figure,
    Double above,
    Double below,
    boolean absolute,
    Origin origin) {

  /** What a rule is about. */
  public enum Target {
    SCHOOL,
    DEVICE,
    CHECK,
    UPSTREAM;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether this is a figure rule (evaluated on probe results) rather than a state rule. */
  public boolean isFigureRule() {
    return figure != null;
  }

  /** Whether the fields of this rule match the given attributes (null attributes match nothing). */
  public boolean matches(Map<String, String> attributes) {
    return eq(deviceKind, attributes.get("device-kind"))
        && eq(checkKind, attributes.get("check-kind"))
        && eq(checkName, attributes.get("check"))
        && eq(linkType, attributes.get("link-type"))
        && eq(provider, attributes.get("provider"))
        && (state == null || state.name().equals(attributes.get("state")));
  }

  /** Whether a figure's value crosses this rule's threshold. */
  public boolean crossed(double value) {
    double v = absolute ? Math.abs(value) : value;
    return (above != null && v > above) || (below != null && v < below);
  }

  /** The threshold in words: {@code > 0.9}, {@code < 14}. */
  public String threshold() {
    String abs = absolute ? "|x| " : "";
    if (above != null) {
      return abs + "> " + fmt(above);
    }
    return abs + "< " + fmt(below);
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static boolean eq(String ruleValue, String actual) {
    return ruleValue == null || ruleValue.equals(actual);
  }
}
