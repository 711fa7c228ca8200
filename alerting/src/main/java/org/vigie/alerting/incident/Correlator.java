package org.vigie.alerting.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.StateChange;
import org.vigie.alerting.AlertRule;
import org.vigie.alerting.AlertRule.Target;
import org.vigie.alerting.AlertRules;
import org.vigie.alerting.AlertRules.Upstream;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.mute.MuteTarget;
import org.vigie.inventory.Check;
import org.vigie.inventory.Device;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.School;
import org.vigie.inventory.Topology;
import org.vigie.probe.ProbeResult;

/**
 * Root causes from check states and the topology. Takes the published {@link StateChange}s (with
 * UNREACHABLE already worked out by the aggregator) and {@link ProbeResult}s (figures, flapping),
 * and says at any instant which {@link Condition}s hold:
 *
 * <ul>
 *   <li>a school cut off (a link check DOWN, or every device at the top of its topology down: its
 *       router, or all its devices if it has none): SCHOOL, listing the down router and the devices
 *       with UNREACHABLE checks;
 *   <li>many schools of one provider or link type cut off together: UPSTREAM, which absorbs those
 *       schools (they get no SCHOOL condition of their own unless one was already open);
 *   <li>a device down (a check DOWN, none UP or DEGRADED) in a school not cut off: DEVICE;
 *   <li>a check DOWN or DEGRADED on a device that answers, or a figure past a figure rule: CHECK.
 * </ul>
 *
 * <p>Everything here is rebuilt from the event stream after a restart. Not thread-safe.
 */
final class Correlator {
  private final AlertRules rules;
  private final Topology topology;
  private final Map<String, Check> checks = new LinkedHashMap<>();
  private final Map<String, List<Check>> checksByDevice = new HashMap<>();
  private final Map<String, Device> devices = new LinkedHashMap<>();
  private final Map<String, School> schools = new LinkedHashMap<>();
  private final Map<String, List<Device>> topDevices = new HashMap<>();
  private final Map<String, List<Check>> linkChecks = new HashMap<>();
  private final Map<String, List<String>> groups = new LinkedHashMap<>();
  private final Map<String, CheckState> state = new HashMap<>();
  private final Map<String, Instant> since = new HashMap<>();
  private final Map<String, String> reason = new HashMap<>();
  private final Map<String, List<AlertRule>> figureRules = new HashMap<>();
  private final Map<String, FigureHit> figureHits = new HashMap<>();
  private final Map<String, FlapDetector> flaps = new HashMap<>();
  private final Map<String, String> fingerprintOfCheck = new HashMap<>();
  private Set<String> lastAbsorbed = Set.of();
  private final Map<String, Instant> released = new HashMap<>();

  private record FigureHit(Check check, AlertRule rule, Instant since, String cause) {}

  Correlator(Inventory inventory, AlertRules rules) {
    this.rules = rules;
    this.topology = inventory.topology();
    inventory.schools().forEach(s -> schools.put(s.id(), s));
    for (Device d : inventory.devices()) {
      devices.put(d.key(), d);
      if (topology.parentKey(d) == null) {
        topDevices.computeIfAbsent(d.schoolId(), k -> new ArrayList<>()).add(d);
      }
    }
    for (Check c : inventory.checks()) {
      checks.put(c.key(), c);
      checksByDevice.computeIfAbsent(c.device().key(), k -> new ArrayList<>()).add(c);
      if (c.spec().kind().equals("link") || c.spec().name().equals("link")) {
        linkChecks.computeIfAbsent(c.school().id(), k -> new ArrayList<>()).add(c);
      }
    }
    Upstream up = rules.upstream();
    for (School s : schools.values()) {
      if (up.byProvider() && s.link().provider() != null) {
        groups
            .computeIfAbsent(upstreamKey("provider", s.link().provider()), k -> new ArrayList<>())
            .add(s.id());
      }
    }
    for (School s : schools.values()) {
      if (up.byLinkType()) {
        groups
            .computeIfAbsent(
                upstreamKey("link-type", s.link().type().key()), k -> new ArrayList<>())
            .add(s.id());
      }
    }
  }

  static String upstreamKey(String by, String value) {
    return "upstream:" + by + ":" + value;
  }

  /** Takes one published state change. */
  void accept(StateChange change) {
    if (!checks.containsKey(change.checkKey())) {
      return;
    }
    state.put(change.checkKey(), change.to());
    since.put(change.checkKey(), change.at());
    reason.put(change.checkKey(), change.reason());
  }

  /** Takes one probe result: figure rules and flap detection. */
  void accept(ProbeResult r) {
    Check c = checks.get(r.checkKey());
    if (c == null) {
      return;
    }
    flaps
        .computeIfAbsent(c.key(), k -> new FlapDetector(rules.flapping()))
        .add((byte) r.outcome().ordinal());
    for (AlertRule rule : figureRules(c)) {
      String fp = "check:" + c.key() + ":" + rule.name();
      String worst = null;
      double worstValue = 0;
      boolean seen = false;
      for (var f : r.figures().entrySet()) {
        if (f.getKey().equals(rule.figure()) || f.getKey().startsWith(rule.figure() + ":")) {
          seen = true;
          if (rule.crossed(f.getValue()) && worst == null) {
            worst = f.getKey();
            worstValue = f.getValue();
          }
        }
      }
      if (!seen) {
        continue; // a run that could not measure it (target down) says nothing about it
      }
      if (worst == null) {
        figureHits.remove(fp);
      } else {
        String cause =
            c.key()
                + ": "
                + worst
                + " = "
                + AlertRuleText.value(worstValue)
                + " ("
                + rule.threshold()
                + ")";
        FigureHit old = figureHits.get(fp);
        figureHits.put(
            fp, new FigureHit(c, rule, old == null ? r.startedAt() : old.since(), cause));
      }
    }
  }

  private List<AlertRule> figureRules(Check c) {
    return figureRules.computeIfAbsent(c.key(), k -> rules.figureRules(attributes(c, null)));
  }

  /**
   * The conditions holding now, by fingerprint.
   *
   * @param live whether an incident of that fingerprint is open: an absorbed school keeps its own
   *     open incident, and an open upstream incident holds while enough schools are still down
   */
  Map<String, Condition> conditions(Instant now, Predicate<String> live) {
    Map<String, Condition> out = new LinkedHashMap<>();
    Map<String, Instant> down = new LinkedHashMap<>();
    for (School s : schools.values()) {
      Instant at = schoolDownSince(s.id());
      if (at != null) {
        down.put(s.id(), at);
      }
    }
    Set<String> absorbed = new HashSet<>();
    for (var g : groups.entrySet()) {
      upstream(g.getKey(), g.getValue(), down, absorbed, live)
          .ifPresent(
              c -> {
                out.put(c.fingerprint(), c);
                for (String s : c.affected()) {
                  if (!live.test("school:" + s)) {
                    absorbed.add(s);
                  }
                }
              });
    }
    // A school let go by an upstream incident (its provider mostly back) must stay down its own
    // for-duration from then on before it has an incident of its own: no burst at mass recovery.
    for (String s : lastAbsorbed) {
      if (!absorbed.contains(s) && down.containsKey(s)) {
        released.put(s, now);
      }
    }
    released.keySet().retainAll(down.keySet());
    lastAbsorbed = absorbed;
    for (var e : down.entrySet()) {
      if (!absorbed.contains(e.getKey())) {
        Instant at = e.getValue();
        Instant free = released.get(e.getKey());
        if (free != null && free.isAfter(at)) {
          at = free;
        }
        school(schools.get(e.getKey()), at).ifPresent(c -> out.put(c.fingerprint(), c));
      }
    }
    for (Device d : devices.values()) {
      if (down.containsKey(d.schoolId())) {
        continue; // the school's own condition covers its router and everything behind
      }
      device(d).ifPresent(c -> out.put(c.fingerprint(), c));
    }
    for (Check c : checks.values()) {
      boolean top = topology.parentKey(c.device()) == null;
      if (top && down.containsKey(c.school().id())) {
        continue;
      }
      check(c).ifPresent(x -> out.put(x.fingerprint(), x));
    }
    for (FigureHit h : figureHits.values()) {
      if (h.rule().severity() != null) {
        Check c = h.check();
        String fp = "check:" + c.key() + ":" + h.rule().name();
        out.put(
            fp,
            new Condition(
                fp,
                IncidentScope.CHECK,
                h.rule(),
                h.rule().severity(),
                c.commune() == null ? null : c.commune().id(),
                c.school().id(),
                c.key(),
                h.cause(),
                List.of(c.device().key()),
                h.since()));
        fingerprintOfCheck.put(c.key(), fp);
      }
    }
    for (Condition c : out.values()) {
      if (c.scope() == IncidentScope.SCHOOL || c.scope() == IncidentScope.DEVICE) {
        String root = c.scope() == IncidentScope.SCHOOL ? null : c.subject();
        for (Check k :
            c.scope() == IncidentScope.SCHOOL
                ? schoolRootChecks(c.schoolId())
                : checksByDevice.getOrDefault(root, List.of())) {
          fingerprintOfCheck.put(k.key(), c.fingerprint());
        }
      } else if (c.fingerprint().equals("check:" + c.subject())) {
        fingerprintOfCheck.put(c.subject(), c.fingerprint());
      }
    }
    return out;
  }

  /** Fingerprints whose checks flap now (see {@link FlapDetector}). */
  Set<String> flapping() {
    Set<String> out = new TreeSet<>();
    for (var e : flaps.entrySet()) {
      if (e.getValue().flapping()) {
        out.add(fingerprintOf(checks.get(e.getKey())));
      }
    }
    return out;
  }

  /** The condition a flapping fingerprint stands for when it is between two failures. */
  Condition flapCondition(String fingerprint, Instant now) {
    for (var e : flaps.entrySet()) {
      Check c = checks.get(e.getKey());
      if (e.getValue().flapping() && fingerprintOf(c).equals(fingerprint)) {
        String pct = Math.round(e.getValue().stateChange() * 100) + " %";
        String cause =
            c.key()
                + " is flapping: "
                + pct
                + " state change over the last "
                + rules.flapping().results()
                + " results";
        IncidentScope scope =
            fingerprint.startsWith("school:")
                ? IncidentScope.SCHOOL
                : fingerprint.startsWith("device:") ? IncidentScope.DEVICE : IncidentScope.CHECK;
        Target target =
            switch (scope) {
              case SCHOOL -> Target.SCHOOL;
              case DEVICE -> Target.DEVICE;
              default -> Target.CHECK;
            };
        var attrs = attributes(c, target == Target.CHECK ? CheckState.DOWN : null);
        AlertRule rule = rules.match(target, attrs).orElse(null);
        if (rule == null || rule.severity() == null) {
          return null;
        }
        String subject =
            switch (scope) {
              case SCHOOL -> c.school().id();
              case DEVICE -> c.device().key();
              default -> c.key();
            };
        return new Condition(
            fingerprint,
            scope,
            rule,
            rule.severity(),
            c.commune() == null ? null : c.commune().id(),
            c.school().id(),
            subject,
            cause,
            List.of(c.device().key()),
            now);
      }
    }
    return null;
  }

  private String fingerprintOf(Check c) {
    String fp = fingerprintOfCheck.get(c.key());
    if (fp != null) {
      return fp;
    }
    if (topology.parentKey(c.device()) == null) {
      return linkChecks.containsKey(c.school().id()) && !isLinkCheck(c)
          ? "check:" + c.key()
          : "school:" + c.school().id();
    }
    return "device:" + c.device().key();
  }

  private boolean isLinkCheck(Check c) {
    return c.spec().kind().equals("link") || c.spec().name().equals("link");
  }

  /**
   * Whether anything is known about a fingerprint's subject: an incident whose evidence is UNKNOWN
   * or UNREACHABLE (just restarted, monitoring gap, behind a dead router) is held, neither resolved
   * nor reopened.
   */
  boolean known(Incident incident) {
    String fp = incident.fingerprint();
    if (fp.startsWith("upstream:")) {
      return incident.affected().stream().anyMatch(s -> schoolKnown(s));
    }
    if (fp.startsWith("school:")) {
      return schoolKnown(incident.schoolId());
    }
    if (fp.startsWith("device:")) {
      return judged(checksByDevice.getOrDefault(incident.subject(), List.of()));
    }
    Check c = checks.get(incident.subject());
    if (c == null) {
      return true; // gone from the inventory: let it resolve
    }
    if (fp.equals("check:" + c.key())) {
      return judged(List.of(c));
    }
    // A figure rule: known once a result since the start has measured it.
    return flaps.containsKey(c.key()) && judged(List.of(c));
  }

  /** What maintenance windows and silences are compared with for an incident. */
  MuteTarget muteTarget(Incident incident) {
    String fp = incident.fingerprint();
    if (fp.startsWith("upstream:provider:")) {
      return new MuteTarget(
          null, null, fp.substring("upstream:provider:".length()), null, Set.of());
    }
    if (fp.startsWith("upstream:link-type:")) {
      return new MuteTarget(
          null, null, null, fp.substring("upstream:link-type:".length()), Set.of());
    }
    School s = schools.get(incident.schoolId());
    Set<String> roots = new HashSet<>();
    if (fp.startsWith("school:")) {
      topDevices.getOrDefault(incident.schoolId(), List.of()).forEach(d -> roots.add(d.key()));
    } else if (fp.startsWith("device:")) {
      roots.add(incident.subject());
    } else {
      Check c = checks.get(incident.subject());
      if (c != null) {
        roots.add(c.device().key());
      }
    }
    return new MuteTarget(
        incident.communeId(),
        incident.schoolId(),
        s == null ? null : s.link().provider(),
        s == null ? null : s.link().type().key(),
        roots);
  }

  private boolean schoolKnown(String schoolId) {
    return judged(schoolRootChecks(schoolId));
  }

  private List<Check> schoolRootChecks(String schoolId) {
    List<Check> out = new ArrayList<>(linkChecks.getOrDefault(schoolId, List.of()));
    for (Device d : topDevices.getOrDefault(schoolId, List.of())) {
      out.addAll(checksByDevice.getOrDefault(d.key(), List.of()));
    }
    return out;
  }

  private boolean judged(List<Check> list) {
    for (Check c : list) {
      CheckState s = state(c);
      if (s == CheckState.UP || s == CheckState.DEGRADED || s == CheckState.DOWN) {
        return true;
      }
    }
    return false;
  }

  private CheckState state(Check c) {
    return state.getOrDefault(c.key(), CheckState.UNKNOWN);
  }

  /** When the school was cut off, or null if it is not. */
  private Instant schoolDownSince(String schoolId) {
    for (Check c : linkChecks.getOrDefault(schoolId, List.of())) {
      if (state(c) == CheckState.DOWN) {
        return since.get(c.key());
      }
    }
    // Cut off when every device at the top of the school's topology is down: its router, or,
    // in a school without one, all its devices (one server down among several is that server's
    // incident, not the school's).
    Instant last = null;
    for (Device d : topDevices.getOrDefault(schoolId, List.of())) {
      Instant at = deviceDownSince(d);
      if (at == null) {
        return null;
      }
      if (last == null || at.isAfter(last)) {
        last = at;
      }
    }
    return last;
  }

  /** When a device went down (a check DOWN, none UP or DEGRADED), or null. */
  private Instant deviceDownSince(Device d) {
    Instant at = null;
    for (Check c : checksByDevice.getOrDefault(d.key(), List.of())) {
      CheckState s = state(c);
      if (s == CheckState.UP || s == CheckState.DEGRADED) {
        return null;
      }
      if (s == CheckState.DOWN && (at == null || since.get(c.key()).isAfter(at))) {
        at = since.get(c.key());
      }
    }
    return at;
  }

  private boolean unreachable(Device d) {
    for (Check c : checksByDevice.getOrDefault(d.key(), List.of())) {
      if (state(c) == CheckState.UNREACHABLE) {
        return true;
      }
    }
    return false;
  }

  private java.util.Optional<Condition> upstream(
      String key,
      List<String> members,
      Map<String, Instant> down,
      Set<String> absorbed,
      Predicate<String> live) {
    Upstream up = rules.upstream();
    List<Map.Entry<String, Instant>> failed = new ArrayList<>();
    for (String s : members) {
      if (down.containsKey(s) && !absorbed.contains(s)) {
        failed.add(Map.entry(s, down.get(s)));
      }
    }
    failed.sort(Map.Entry.comparingByValue());
    int threshold = up.threshold(members.size());
    Instant at = null;
    if (live.test(key)) {
      if (failed.size() < up.minSchools()) {
        return java.util.Optional.empty();
      }
      at = failed.getFirst().getValue();
    } else {
      // The earliest window of the configured length holding at least the threshold.
      for (int i = 0; i + threshold - 1 < failed.size(); i++) {
        Instant first = failed.get(i).getValue();
        Instant last = failed.get(i + threshold - 1).getValue();
        if (!last.isAfter(first.plus(up.window()))) {
          at = last;
          break;
        }
      }
      if (at == null) {
        return java.util.Optional.empty();
      }
    }
    List<String> affected = failed.stream().map(Map.Entry::getKey).sorted().toList();
    String[] parts = key.split(":", 3);
    String what = parts[1].equals("provider") ? "provider " + parts[2] : "link type " + parts[2];
    String cause =
        affected.size()
            + "/"
            + members.size()
            + " schools of "
            + what
            + " cut off within "
            + org.vigie.inventory.Durations.format(up.window());
    AlertRule rule =
        new AlertRule(
            "upstream",
            Target.UPSTREAM,
            up.severity(),
            up.forDuration(),
            null,
            null,
            null,
            parts[1].equals("link-type") ? parts[2] : null,
            parts[1].equals("provider") ? parts[2] : null,
            null,
            null,
            null,
            null,
            false,
            org.vigie.inventory.Origin.builtIn("alerting.upstream"));
    return java.util.Optional.of(
        new Condition(
            key,
            IncidentScope.UPSTREAM,
            rule,
            up.severity(),
            null,
            null,
            key.substring("upstream:".length()),
            cause,
            affected,
            at));
  }

  private java.util.Optional<Condition> school(School s, Instant at) {
    Map<String, String> attrs = new HashMap<>();
    attrs.put("link-type", s.link().type().key());
    attrs.put("provider", s.link().provider());
    AlertRule rule = rules.match(Target.SCHOOL, attrs).orElse(null);
    if (rule == null || rule.severity() == null) {
      return java.util.Optional.empty();
    }
    Set<String> affected = new TreeSet<>();
    String cause = null;
    for (Check c : linkChecks.getOrDefault(s.id(), List.of())) {
      if (state(c) == CheckState.DOWN) {
        cause = "internet link down: " + reason.get(c.key());
        affected.add(c.device().key());
      }
    }
    for (Device d : topDevices.getOrDefault(s.id(), List.of())) {
      if (deviceDownSince(d) != null) {
        affected.add(d.key());
        if (cause == null) {
          cause = d.kind().key() + " " + d.key() + " down: " + firstReason(d);
        }
      }
    }
    for (Device d : devices.values()) {
      if (d.schoolId().equals(s.id()) && unreachable(d)) {
        affected.add(d.key());
      }
    }
    return java.util.Optional.of(
        new Condition(
            "school:" + s.id(),
            IncidentScope.SCHOOL,
            rule,
            rule.severity(),
            s.communeId(),
            s.id(),
            s.id(),
            cause,
            List.copyOf(affected),
            at));
  }

  private java.util.Optional<Condition> device(Device d) {
    Instant at = deviceDownSince(d);
    if (at == null) {
      return java.util.Optional.empty();
    }
    Check any = checksByDevice.get(d.key()).getFirst();
    AlertRule rule = rules.match(Target.DEVICE, attributes(any, null)).orElse(null);
    if (rule == null || rule.severity() == null) {
      return java.util.Optional.empty();
    }
    Set<String> affected = new TreeSet<>();
    affected.add(d.key());
    for (String below : topology.descendants(d.key())) {
      Device b = devices.get(below);
      if (b != null && unreachable(b)) {
        affected.add(below);
      }
    }
    String cause = d.kind().key() + " " + d.key() + " down: " + firstReason(d);
    return java.util.Optional.of(
        new Condition(
            "device:" + d.key(),
            IncidentScope.DEVICE,
            rule,
            rule.severity(),
            any.commune() == null ? null : any.commune().id(),
            d.schoolId(),
            d.key(),
            cause,
            List.copyOf(affected),
            at));
  }

  private java.util.Optional<Condition> check(Check c) {
    CheckState s = state(c);
    if (s != CheckState.DOWN && s != CheckState.DEGRADED) {
      return java.util.Optional.empty();
    }
    if (s == CheckState.DOWN && deviceDownSince(c.device()) != null) {
      return java.util.Optional.empty(); // the device's own condition
    }
    for (AlertRule r : figureRules(c)) {
      if (figureHits.containsKey("check:" + c.key() + ":" + r.name())) {
        return java.util.Optional.empty(); // the figure rule says it better
      }
    }
    AlertRule rule = rules.match(Target.CHECK, attributes(c, s)).orElse(null);
    if (rule == null || rule.severity() == null) {
      return java.util.Optional.empty();
    }
    String fp = "check:" + c.key();
    return java.util.Optional.of(
        new Condition(
            fp,
            IncidentScope.CHECK,
            rule,
            rule.severity(),
            c.commune() == null ? null : c.commune().id(),
            c.school().id(),
            c.key(),
            c.key() + " " + s + ": " + reason.get(c.key()),
            List.of(c.device().key()),
            since.get(c.key())));
  }

  private String firstReason(Device d) {
    return checksByDevice.getOrDefault(d.key(), List.of()).stream()
        .filter(c -> state(c) == CheckState.DOWN)
        .min(Comparator.comparing(c -> since.get(c.key())))
        .map(c -> c.spec().name() + ": " + reason.get(c.key()))
        .orElse("no answer");
  }

  private static Map<String, String> attributes(Check c, CheckState s) {
    Map<String, String> m = new HashMap<>();
    m.put("device-kind", c.device().kind().key());
    m.put("check-kind", c.spec().kind());
    m.put("check", c.spec().name());
    if (c.school() != null) {
      m.put("link-type", c.school().link().type().key());
      m.put("provider", c.school().link().provider());
    }
    if (s != null) {
      m.put("state", s.name());
    }
    return m;
  }
}
