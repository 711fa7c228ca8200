package org.vigie.alerting.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigie.aggregator.CheckState;
import org.vigie.alerting.AlertRule;
import org.vigie.alerting.AlertRule.Target;
import org.vigie.alerting.AlertRules;
import org.vigie.alerting.AlertRules.Flapping;
import org.vigie.alerting.AlertRules.Upstream;
import org.vigie.alerting.Severity;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;

/** Reads {@code alerting.rules}, {@code alerting.flapping} and {@code alerting.upstream}. */
public final class RulesReader {
  private static final Origin BUILT_IN_ORIGIN = Origin.builtIn("built-in alert rules");

  /** The built-in rules, in match order (see docs/configuration.md, "alerting.rules"). */
  public static final List<AlertRule> BUILT_IN =
      List.of(
          rule("school-link-down", Target.SCHOOL, Severity.CRITICAL, "1m", null, null, null),
          rule("server-down", Target.DEVICE, Severity.MAJOR, "2m", "server", null, null),
          rule("switch-down", Target.DEVICE, Severity.MAJOR, "2m", "switch", null, null),
          rule(
              "access-point-down", Target.DEVICE, Severity.MINOR, "5m", "access-point", null, null),
          rule("printer-down", Target.DEVICE, Severity.WARNING, "10m", "printer", null, null),
          rule("device-down", Target.DEVICE, Severity.MINOR, "5m", null, null, null),
          figure(
              "backup-too-old",
              Severity.MAJOR,
              "0s",
              "backup",
              "age_seconds",
              26 * 3600.0,
              null,
              false),
          figure("disk-full", Severity.MINOR, "5m", null, "disk_used_ratio", 0.9, null, false),
          figure(
              "certificate-expiring",
              Severity.WARNING,
              "0s",
              null,
              "cert_days_left",
              null,
              14.0,
              false),
          figure("ntp-offset", Severity.MINOR, "5m", "ntp", "offset_seconds", 1.0, null, true),
          rule(
              "link-degraded",
              Target.CHECK,
              Severity.MINOR,
              "10m",
              null,
              "link",
              CheckState.DEGRADED),
          rule(
              "backup-failed", Target.CHECK, Severity.MAJOR, "0s", null, "backup", CheckState.DOWN),
          rule(
              "server-check-down",
              Target.CHECK,
              Severity.MAJOR,
              "5m",
              "server",
              null,
              CheckState.DOWN),
          rule("check-down", Target.CHECK, Severity.MINOR, "5m", null, null, CheckState.DOWN),
          rule(
              "check-degraded",
              Target.CHECK,
              Severity.WARNING,
              "10m",
              null,
              null,
              CheckState.DEGRADED));

  private RulesReader() {}

  /** See {@link AlertRules#read}. */
  public static AlertRules read(ConfigNode alerting) {
    List<AlertRule> rules = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ConfigNode n : alerting.list("rules")) {
      AlertRule r = readRule(n);
      if (r == null) {
        continue;
      }
      if (names.contains(r.name())) {
        n.error("name", "duplicate rule name '" + r.name() + "'");
        continue;
      }
      names.add(r.name());
      rules.add(r);
    }
    // A configured rule replaces the built-in one of the same name, and is tried before them all.
    BUILT_IN.stream().filter(b -> !names.contains(b.name())).forEach(rules::add);
    return new AlertRules(
        rules,
        readFlapping(alerting.childOrEmpty("flapping")),
        readUpstream(alerting.childOrEmpty("upstream")));
  }

  private static AlertRule readRule(ConfigNode n) {
    n.allowKeys(
        "name",
        "on",
        "severity",
        "for",
        "device-kind",
        "check-kind",
        "check",
        "link-type",
        "provider",
        "state",
        "figure",
        "above",
        "below",
        "absolute");
    String name = n.requiredString("name");
    String onText = n.requiredString("on");
    String sevText = n.requiredString("severity");
    Target on = null;
    if (onText != null) {
      on =
          switch (onText) {
            case "school" -> Target.SCHOOL;
            case "device" -> Target.DEVICE;
            case "check" -> Target.CHECK;
            default -> {
              n.error("on", "expected school, device or check, got '" + onText + "'");
              yield null;
            }
          };
    }
    Severity severity = null;
    boolean severityOk = sevText != null;
    if (sevText != null && !sevText.equals("none")) {
      severity = severity(n, "severity", sevText);
      severityOk = severity != null;
    }
    Duration forDuration = n.duration("for", Duration.ZERO);
    String deviceKind = n.string("device-kind", null);
    if (deviceKind != null && DeviceKind.fromKey(deviceKind).isEmpty()) {
      n.error(
          "device-kind",
          "unknown device kind '"
              + deviceKind
              + "'; expected one of: "
              + String.join(", ", keys(DeviceKind.values())));
    }
    String linkType = n.string("link-type", null);
    if (linkType != null && LinkType.fromKey(linkType).isEmpty()) {
      n.error(
          "link-type",
          "unknown link type '"
              + linkType
              + "'; expected one of: "
              + String.join(", ", keys(LinkType.values())));
    }
    CheckState state = null;
    String stateText = n.string("state", null);
    if (stateText != null) {
      switch (stateText) {
        case "down" -> state = CheckState.DOWN;
        case "degraded" -> state = CheckState.DEGRADED;
        default -> n.error("state", "expected down or degraded, got '" + stateText + "'");
      }
    }
    String figure = n.string("figure", null);
    Double above = n.child("above").isPresent() ? n.number("above", 0, -1e18, 1e18) : null;
    Double below = n.child("below").isPresent() ? n.number("below", 0, -1e18, 1e18) : null;
    boolean absolute = n.bool("absolute", false);
    boolean ok = name != null && on != null && severityOk;
    if (figure != null) {
      if (on != null && on != Target.CHECK) {
        n.error("figure", "figure rules apply to checks: write 'on: check'");
        ok = false;
      }
      if ((above == null) == (below == null)) {
        n.error("figure", "a figure rule needs exactly one of 'above' or 'below'");
        ok = false;
      }
      if (state != null) {
        n.error("state", "a rule has either a figure or a state, not both");
        ok = false;
      }
    } else if (above != null || below != null) {
      n.error(
          above != null ? "above" : "below", "only a figure rule has a threshold: add 'figure'");
      ok = false;
    }
    if (state != null && on != null && on != Target.CHECK) {
      n.error("state", "only check rules have a state");
      ok = false;
    }
    if (on == Target.SCHOOL && (deviceKind != null || n.child("check-kind").isPresent())) {
      n.error("on", "a school rule matches link-type and provider only");
      ok = false;
    }
    if (!ok) {
      return null;
    }
    return new AlertRule(
        name,
        on,
        severity,
        forDuration,
        deviceKind,
        n.string("check-kind", null),
        n.string("check", null),
        linkType,
        n.string("provider", null),
        state,
        figure,
        above,
        below,
        absolute,
        n.origin());
  }

  private static Flapping readFlapping(ConfigNode n) {
    n.allowKeys("results", "high", "low", "reopen-within");
    Flapping d = Flapping.DEFAULT;
    int results = n.integer("results", d.results(), 3, 100);
    double high = n.number("high", d.high(), 0.01, 1);
    double low = n.number("low", d.low(), 0, 1);
    if (low >= high) {
      n.error("low", "must be below high (" + high + "), got " + low);
      low = Math.min(d.low(), high / 2);
    }
    return new Flapping(results, high, low, n.duration("reopen-within", d.reopenWithin()));
  }

  private static Upstream readUpstream(ConfigNode n) {
    n.allowKeys("share", "min-schools", "window", "by", "severity", "for");
    Upstream d = Upstream.DEFAULT;
    boolean byProvider = d.byProvider();
    boolean byLinkType = d.byLinkType();
    if (n.child("by").isPresent()) {
      byProvider = false;
      byLinkType = false;
      for (ConfigNode item : n.list("by")) {
        String t = item.text();
        if ("provider".equals(t)) {
          byProvider = true;
        } else if ("link-type".equals(t)) {
          byLinkType = true;
        } else if (t != null) {
          item.error("expected provider or link-type, got '" + t + "'");
        }
      }
    }
    Severity severity = d.severity();
    String sevText = n.string("severity", null);
    if (sevText != null) {
      Severity s = severity(n, "severity", sevText);
      severity = s == null ? severity : s;
    }
    return new Upstream(
        n.number("share", d.share(), 0.01, 1),
        n.integer("min-schools", d.minSchools(), 2, 100_000),
        n.duration("window", d.window()),
        byProvider,
        byLinkType,
        severity,
        n.duration("for", d.forDuration()));
  }

  private static Severity severity(ConfigNode n, String key, String text) {
    try {
      return Severity.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      n.error(key, "expected critical, major, minor, warning or none, got '" + text + "'");
      return null;
    }
  }

  private static List<String> keys(Enum<?>[] values) {
    List<String> out = new ArrayList<>();
    for (Enum<?> v : values) {
      out.add(v instanceof DeviceKind k ? k.key() : ((LinkType) v).key());
    }
    return out;
  }

  private static AlertRule rule(
      String name,
      Target on,
      Severity severity,
      String forText,
      String deviceKind,
      String checkKind,
      CheckState state) {
    return new AlertRule(
        name,
        on,
        severity,
        org.vigie.inventory.Durations.parse(forText),
        deviceKind,
        checkKind,
        null,
        null,
        null,
        state,
        null,
        null,
        null,
        false,
        BUILT_IN_ORIGIN);
  }

  private static AlertRule figure(
      String name,
      Severity severity,
      String forText,
      String checkKind,
      String figure,
      Double above,
      Double below,
      boolean absolute) {
    return new AlertRule(
        name,
        Target.CHECK,
        severity,
        org.vigie.inventory.Durations.parse(forText),
        null,
        checkKind,
        null,
        null,
        null,
        null,
        figure,
        above,
        below,
        absolute,
        BUILT_IN_ORIGIN);
  }
}
