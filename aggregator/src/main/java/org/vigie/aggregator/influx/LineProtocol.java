package org.vigie.aggregator.influx;

import java.util.Map;
import java.util.TreeMap;
import org.vigie.aggregator.IncidentPoint;
import org.vigie.aggregator.StateChange;
import org.vigie.inventory.Check;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;

/**
 * Turns results and state changes into InfluxDB line protocol, millisecond precision. The schema
 * (docs/architecture.md, "Time series"): measurement {@code probe_<kind>} per probe kind,
 * measurement {@code state} for state changes, {@code incident} for incident events; tags {@code
 * check, commune, device, device_kind, link_type, school} (sorted, as InfluxDB prefers them);
 * fields: every figure under its own name, plus {@code up} (integer 1/0), {@code outcome} (string)
 * and {@code duration_seconds}.
 */
public final class LineProtocol {
  /** Prefix of the per-kind measurements: {@code probe_tcp}, {@code probe_http}, … */
  public static final String PROBE_PREFIX = "probe_";

  public static final String STATE_MEASUREMENT = "state";

  private LineProtocol() {}

  /** One line (without its terminating newline) for a probe result. */
  public static String result(ProbeResult r, Check c) {
    StringBuilder b = new StringBuilder(256);
    escapeKey(b, PROBE_PREFIX + r.kind(), true);
    tags(b, c, null);
    b.append(' ');
    boolean first = true;
    // Sorted so that a series always lists its fields in the same order (stable bytes, tests).
    Map<String, Double> figures = r.figures().size() > 1 ? new TreeMap<>(r.figures()) : r.figures();
    for (Map.Entry<String, Double> f : figures.entrySet()) {
      double v = f.getValue();
      if (Double.isNaN(v) || Double.isInfinite(v) || RESERVED.containsKey(f.getKey())) {
        continue; // the line protocol has no NaN/Inf; reserved names are the sink's own
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      escapeKey(b, f.getKey(), false);
      b.append('=').append(v);
    }
    if (!first) {
      b.append(',');
    }
    b.append("duration_seconds=").append(r.duration().toNanos() / 1e9);
    b.append(",outcome=");
    quote(b, r.outcome().name());
    b.append(",up=").append(r.outcome() == Outcome.DOWN ? "0i" : "1i");
    b.append(' ').append(r.startedAt().toEpochMilli());
    return b.toString();
  }

  /** One line for a state change: tags as for results plus {@code kind}. */
  public static String state(StateChange s, Check c) {
    StringBuilder b = new StringBuilder(256);
    b.append(STATE_MEASUREMENT);
    tags(b, c, c.spec().kind());
    b.append(" from=");
    quote(b, s.from().name());
    b.append(",reason=");
    quote(b, s.reason() == null ? "" : s.reason());
    b.append(",to=");
    quote(b, s.to().name());
    b.append(' ').append(s.at().toEpochMilli());
    return b.toString();
  }

  /**
   * One line for an incident event: measurement {@code incident}, the point's tags, fields {@code
   * id}, {@code title}, {@code text} and, when known, {@code duration_s}.
   */
  public static String incident(IncidentPoint p) {
    StringBuilder b = new StringBuilder(256);
    b.append(IncidentPoint.MEASUREMENT);
    p.tags().forEach((k, v) -> tagKeyed(b, k, v));
    if (p.duration() != null) {
      b.append(" duration_s=").append(p.duration().toMillis() / 1e3).append(',');
    } else {
      b.append(' ');
    }
    b.append("id=");
    quote(b, p.id());
    b.append(",text=");
    quote(b, p.text());
    b.append(",title=");
    quote(b, p.title());
    b.append(' ').append(p.at().toEpochMilli());
    return b.toString();
  }

  private static final Map<String, Boolean> RESERVED =
      Map.of("up", true, "outcome", true, "duration_seconds", true);

  private static void tags(StringBuilder b, Check c, String kind) {
    tag(b, "check", c.spec().name());
    tag(b, "commune", c.commune().id());
    tag(b, "device", c.device().id());
    tag(b, "device_kind", c.device().kind().key());
    if (kind != null) {
      tag(b, "kind", kind);
    }
    if (c.school().link() != null && c.school().link().type() != null) {
      tag(b, "link_type", c.school().link().type().key());
    }
    tag(b, "school", c.school().id());
  }

  /** A tag whose key comes from the caller: escaped like its value. */
  private static void tagKeyed(StringBuilder b, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    b.append(',');
    escapeKey(b, key, false);
    b.append('=');
    escapeKey(b, value, false);
  }

  private static void tag(StringBuilder b, String key, String value) {
    if (value == null || value.isEmpty()) {
      return; // InfluxDB rejects empty tag values; an absent tag means the same
    }
    b.append(',').append(key).append('=');
    escapeKey(b, value, false);
  }

  /**
   * Escapes a measurement (commas, spaces) or a tag key/value or field key (also '='). Line breaks
   * cannot be escaped in line protocol: they become spaces.
   */
  static void escapeKey(StringBuilder b, String s, boolean measurement) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case ',', ' ' -> b.append('\\').append(ch);
        case '=' -> {
          if (!measurement) {
            b.append('\\');
          }
          b.append(ch);
        }
        case '\n', '\r' -> b.append("\\ ");
        // A trailing backslash would escape the separator after it: InfluxDB cannot store one.
        case '\\' -> b.append(i == s.length() - 1 ? '/' : '\\');
        default -> b.append(ch);
      }
    }
  }

  /** A string field value: quotes and backslashes escaped, line breaks flattened to spaces. */
  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"', '\\' -> b.append('\\').append(ch);
        case '\n', '\r' -> b.append(' ');
        default -> b.append(ch);
      }
    }
    b.append('"');
  }
}
