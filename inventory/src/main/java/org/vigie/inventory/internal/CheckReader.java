package org.vigie.inventory.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.DefaultChecks;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Durations;
import org.vigie.inventory.Origin;
import org.vigie.inventory.ParamType;

/** Reads checks: the {@code check-defaults} section and each device's {@code checks} list. */
final class CheckReader {
  private final Map<String, CheckKindSchema> kinds;

  CheckReader(Map<String, CheckKindSchema> kinds) {
    this.kinds = kinds;
  }

  /** The defaults per device kind: built-in ones, replaced kind by kind by the section. */
  Map<DeviceKind, List<CheckSpec>> readDefaults(ConfigNode section) {
    Map<DeviceKind, List<CheckSpec>> defaults = new EnumMap<>(DefaultChecks.builtIn());
    for (String key : section.keys()) {
      Optional<DeviceKind> kind = DeviceKind.fromKey(key);
      if (kind.isEmpty()) {
        section.report(
            section.keyOrigin(key),
            section.path() + ": unknown device kind '" + key + "'; expected one of: " + kindList());
        continue;
      }
      List<CheckSpec> specs = new ArrayList<>();
      Map<String, Origin> names = new HashMap<>();
      for (ConfigNode c : section.list(key)) {
        Read r = read(c, Map.of(), names);
        if (r.spec() != null && r.enabled()) {
          specs.add(r.spec());
        }
      }
      defaults.put(kind.get(), List.copyOf(specs));
    }
    return defaults;
  }

  /**
   * A device's checks: its {@code checks} merged by name over {@code defaults}. A device check
   * naming a default inherits what it does not set (unless it changes the kind, which replaces the
   * default); {@code enabled: false} removes the default.
   */
  List<CheckSpec> readDeviceChecks(ConfigNode device, List<CheckSpec> defaults) {
    Map<String, CheckSpec> merged = new LinkedHashMap<>();
    defaults.forEach(d -> merged.put(d.name(), d));
    Map<String, CheckSpec> bases = Map.copyOf(merged);
    Map<String, Origin> names = new HashMap<>();
    for (ConfigNode c : device.list("checks")) {
      Read r = read(c, bases, names);
      if (!r.enabled() && r.name() != null) {
        merged.remove(r.name());
      } else if (r.spec() != null) {
        merged.put(r.name(), r.spec());
      }
    }
    return List.copyOf(merged.values());
  }

  /** A check as read: {@code spec} is null when invalid (reported). */
  private record Read(String name, CheckSpec spec, boolean enabled) {}

  private Read read(ConfigNode c, Map<String, CheckSpec> bases, Map<String, Origin> names) {
    String name = Formats.requiredId(c, "name");
    if (name != null) {
      Origin first = names.putIfAbsent(name, c.origin("name"));
      if (first != null) {
        c.error("name", "duplicate name '" + name + "' (first declared at " + first + ")");
      }
    }
    String kindText = c.string("kind", null);
    CheckSpec base = name == null ? null : bases.get(name);
    if (base != null && kindText != null && !kindText.equals(base.kind())) {
      base = null; // another kind: a new check that replaces the default, not an override
    }
    String kind = kindText != null ? kindText : base != null ? base.kind() : null;
    if (kind == null) {
      c.reportMissing("kind");
    }
    CheckKindSchema schema = kind == null ? null : kinds.get(kind);
    if (kindText != null && schema == null) {
      c.error(
          "kind",
          "unknown check kind '"
              + kindText
              + "'; expected one of: "
              + kinds.keySet().stream().sorted().collect(Collectors.joining(", ")));
    }
    if (schema != null) {
      List<String> allowed = new ArrayList<>(CheckKindSchema.COMMON_KEYS);
      allowed.addAll(schema.params().keySet());
      c.allowKeys(allowed.toArray(String[]::new));
    }
    Duration interval =
        c.duration("interval", base == null ? DefaultChecks.INTERVAL : base.interval());
    Duration timeout = c.duration("timeout", base == null ? DefaultChecks.TIMEOUT : base.timeout());
    boolean positive = true;
    if (interval.isZero()) {
      c.error("interval", "must be greater than zero");
      positive = false;
    }
    if (timeout.isZero()) {
      c.error("timeout", "must be greater than zero");
      positive = false;
    }
    if (positive && timeout.compareTo(interval) > 0) {
      String at = c.child("timeout").isPresent() ? "timeout" : "interval";
      c.report(
          c.origin(at),
          c.keyPath("timeout")
              + ": must not exceed the interval ("
              + Durations.format(timeout)
              + " > "
              + Durations.format(interval)
              + ")");
    }
    boolean enabled = c.bool("enabled", true);
    Map<String, String> params = new LinkedHashMap<>(base == null ? Map.of() : base.params());
    if (schema != null) {
      for (var p : schema.params().entrySet()) {
        if (c.child(p.getKey()).isPresent()) {
          String v = param(c, p.getKey(), p.getValue());
          if (v != null) {
            params.put(p.getKey(), v);
          }
        } else if (schema.required().contains(p.getKey()) && !params.containsKey(p.getKey())) {
          c.reportMissing(p.getKey());
        }
      }
    }
    if (name == null || kind == null) {
      return new Read(name, null, enabled);
    }
    return new Read(
        name, new CheckSpec(name, kind, interval, timeout, params, c.origin()), enabled);
  }

  /** A parameter in canonical text form; null if invalid (reported). */
  private static String param(ConfigNode c, String key, ParamType type) {
    return switch (type) {
      case STRING -> c.string(key, null);
      case INT -> {
        int v = c.integer(key, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
        yield v == Integer.MIN_VALUE ? null : String.valueOf(v);
      }
      case PORT -> {
        int v = c.integer(key, 0, 1, 65535);
        yield v == 0 ? null : String.valueOf(v);
      }
      case DURATION -> {
        Duration d = c.duration(key, null);
        yield d == null ? null : Durations.format(d);
      }
      case BOOLEAN -> {
        String v = c.string(key, null);
        if (v != null && !v.equals("true") && !v.equals("false")) {
          c.error(key, "expected true or false, got '" + v + "'");
          yield null;
        }
        yield v;
      }
      case REGEX -> Formats.optional(c, key, Formats::regexProblem);
      case STATUS_LIST -> Formats.optional(c, key, Formats::statusListProblem);
      case SECRET -> {
        String v = c.string(key, null);
        String problem = v == null ? null : Formats.secretRefProblem(v);
        if (problem != null) {
          c.error(key, problem);
          yield null;
        }
        yield v;
      }
    };
  }

  static String kindList() {
    return Arrays.stream(DeviceKind.values())
        .map(DeviceKind::key)
        .collect(Collectors.joining(", "));
  }
}
