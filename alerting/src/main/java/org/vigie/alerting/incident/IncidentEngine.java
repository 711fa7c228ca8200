package org.vigie.alerting.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vigie.aggregator.StateChange;
import org.vigie.alerting.AlertRules;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentEvent.Type;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.IncidentStore.Change;
import org.vigie.alerting.IncidentStore.Stored;
import org.vigie.alerting.MuteSchedule;
import org.vigie.alerting.mute.MuteWindow;
import org.vigie.inventory.Inventory;
import org.vigie.probe.ProbeResult;

/**
 * The incidents' lifecycle: turns the correlator's conditions into incidents (for-duration,
 * reopening within the flap window, flapping, muting, resolution) and people's actions into
 * timeline events. Pure logic: every method returns the {@link Change}s to store, already applied
 * to its own view; the caller stores them, and calls {@link #restore} if that fails. Not
 * thread-safe: owned by {@code IncidentVerticle}.
 */
public final class IncidentEngine {
  /** The actor of automatic events. */
  public static final String VIGIE = "vigie";

  private final Correlator correlator;
  private final AlertRules rules;
  private final MuteSchedule mutes;
  private final Map<String, Incident> live = new LinkedHashMap<>();
  private final Map<String, Incident> recent = new HashMap<>();
  private final Map<String, Long> seq = new HashMap<>();
  private final Set<String> manualHold = new HashSet<>();
  private final Map<String, Map.Entry<List<String>, Instant>> pendingAffected = new HashMap<>();

  /**
   * A change of the affected devices is told once the list has been stable this long: behind a dead
   * router, devices turn UNREACHABLE one by one as their own verdicts come in.
   */
  public static final java.time.Duration UPDATE_SETTLE = java.time.Duration.ofSeconds(5);

  public IncidentEngine(Inventory inventory, AlertRules rules, MuteSchedule mutes) {
    this.correlator = new Correlator(inventory, rules);
    this.rules = rules;
    this.mutes = mutes;
  }

  /** Replaces the view of incidents with what the store holds (at start, after a failed write). */
  public void restore(List<Stored> liveIncidents, List<Stored> recentlyResolved) {
    live.clear();
    recent.clear();
    for (Stored s : recentlyResolved) {
      recent.put(s.incident().fingerprint(), s.incident());
      seq.put(s.incident().id(), s.lastSeq());
    }
    for (Stored s : liveIncidents) {
      live.put(s.incident().fingerprint(), s.incident());
      seq.put(s.incident().id(), s.lastSeq());
    }
  }

  public void accept(StateChange change) {
    correlator.accept(change);
  }

  public void accept(ProbeResult result) {
    correlator.accept(result);
  }

  /** Open and acknowledged incidents. */
  public List<Incident> live() {
    return List.copyOf(live.values());
  }

  /** Looks at every condition, flapping and mute at {@code now}. */
  public List<Change> evaluate(Instant now) {
    Map<String, Condition> conditions = correlator.conditions(now, live::containsKey);
    Set<String> flapping = correlator.flapping();
    for (String fp : flapping) {
      if (!conditions.containsKey(fp) && !live.containsKey(fp)) {
        Condition c = correlator.flapCondition(fp, now);
        if (c != null) {
          conditions.put(fp, c);
        }
      }
    }
    List<Change> out = new ArrayList<>();
    for (Condition c : conditions.values()) {
      Incident inc = live.get(c.fingerprint());
      if (inc == null) {
        open(c, now, flapping.contains(c.fingerprint())).ifPresent(out::add);
      } else {
        update(inc, c, now).ifPresent(out::add);
      }
    }
    manualHold.retainAll(conditions.keySet());
    for (Incident inc : List.copyOf(live.values())) {
      Draft d = new Draft(inc);
      List<IncidentEvent> events = new ArrayList<>();
      boolean flaps = flapping.contains(inc.fingerprint());
      if (flaps && !inc.flapping()) {
        d.flapping = true;
        events.add(
            event(
                d, Type.FLAPPING, now, VIGIE, "changing state too often; quiet until it settles"));
      } else if (!flaps && inc.flapping()) {
        d.flapping = false;
        events.add(event(d, Type.SETTLED, now, VIGIE, "stable again"));
      }
      if (!conditions.containsKey(inc.fingerprint()) && !flaps && correlator.known(inc)) {
        d.status = IncidentStatus.RESOLVED;
        d.resolvedAt = now;
        events.add(event(d, Type.RESOLVED, now, VIGIE, "recovered"));
      } else {
        mute(d, now, events);
      }
      if (!events.isEmpty()) {
        out.add(apply(d, false, events));
      }
    }
    return out;
  }

  private Optional<Change> open(Condition c, Instant now, boolean flapping) {
    if (manualHold.contains(c.fingerprint())) {
      return Optional.empty();
    }
    if (!flapping && now.isBefore(c.since().plus(c.rule().forDuration()))) {
      return Optional.empty(); // pending: nothing is stored until it lasted long enough
    }
    Incident prev = recent.get(c.fingerprint());
    List<IncidentEvent> events = new ArrayList<>();
    Draft d;
    boolean created;
    if (prev != null
        && prev.resolvedAt() != null
        && !now.isAfter(prev.resolvedAt().plus(rules.flapping().reopenWithin()))) {
      d = new Draft(prev);
      d.status = IncidentStatus.OPEN;
      d.resolvedAt = null;
      d.acknowledgedAt = null;
      d.acknowledgedBy = null;
      d.severity = c.severity();
      d.rule = c.rule().name();
      d.cause = c.cause() == null ? d.cause : c.cause();
      d.affected = c.affected();
      created = false;
      events.add(
          event(
              d,
              Type.REOPENED,
              now,
              VIGIE,
              "back within "
                  + org.vigie.inventory.Durations.format(rules.flapping().reopenWithin())
                  + " of its resolution: "
                  + d.cause));
    } else {
      d = new Draft(c);
      created = true;
      seq.put(d.id, 0L);
      events.add(event(d, Type.OPENED, now, VIGIE, d.cause));
    }
    recent.remove(c.fingerprint());
    if (flapping) {
      d.flapping = true;
      events.add(
          event(d, Type.FLAPPING, now, VIGIE, "changing state too often; quiet until it settles"));
    }
    mute(d, now, events);
    return Optional.of(apply(d, created, events));
  }

  private Optional<Change> update(Incident inc, Condition c, Instant now) {
    if (inc.affected().equals(c.affected())) {
      pendingAffected.remove(inc.fingerprint());
      if (inc.severity() == c.severity()) {
        return Optional.empty();
      }
    } else if (inc.severity() == c.severity()) {
      var pending = pendingAffected.get(inc.fingerprint());
      if (pending == null || !pending.getKey().equals(c.affected())) {
        pendingAffected.put(inc.fingerprint(), Map.entry(c.affected(), now));
        return Optional.empty();
      }
      if (now.isBefore(pending.getValue().plus(UPDATE_SETTLE))) {
        return Optional.empty();
      }
    }
    pendingAffected.remove(inc.fingerprint());
    Draft d = new Draft(inc);
    Set<String> added = new TreeSet<>(c.affected());
    inc.affected().forEach(added::remove);
    Set<String> gone = new TreeSet<>(inc.affected());
    c.affected().forEach(gone::remove);
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add("affected now: " + String.join(", ", added));
    }
    if (!gone.isEmpty()) {
      parts.add("no longer affected: " + String.join(", ", gone));
    }
    if (inc.severity() != c.severity()) {
      parts.add("severity " + inc.severity() + " -> " + c.severity());
    }
    d.affected = c.affected();
    d.severity = c.severity();
    if (c.cause() != null) {
      d.cause = c.cause();
    }
    return Optional.of(
        apply(d, false, List.of(event(d, Type.UPDATED, now, VIGIE, String.join("; ", parts)))));
  }

  private void mute(Draft d, Instant now, List<IncidentEvent> events) {
    if (d.status == IncidentStatus.RESOLVED) {
      return;
    }
    Optional<MuteWindow> w = mutes.muting(correlator.muteTarget(d.build()), now);
    if (w.isPresent() && !d.muted) {
      d.muted = true;
      events.add(event(d, Type.MUTED, now, VIGIE, w.get().label()));
    } else if (w.isEmpty() && d.muted) {
      d.muted = false;
      events.add(event(d, Type.UNMUTED, now, VIGIE, "no maintenance window or silence any more"));
    }
  }

  /** Someone takes the incident. */
  public Change acknowledge(String id, String user, String comment, Instant now) {
    Incident inc = liveById(id);
    if (inc.status() == IncidentStatus.ACKNOWLEDGED) {
      throw new IllegalStateException(
          "incident " + id + " is already acknowledged by " + inc.acknowledgedBy());
    }
    Draft d = new Draft(inc);
    d.status = IncidentStatus.ACKNOWLEDGED;
    d.acknowledgedAt = now;
    d.acknowledgedBy = user;
    return apply(d, false, List.of(event(d, Type.ACKNOWLEDGED, now, user, comment)));
  }

  /**
   * A note on the timeline of an open incident, or of one resolved within the flap window (older
   * incidents are history).
   */
  public Change note(String id, String user, String text, Instant now) {
    Draft d = new Draft(liveOrRecent(id));
    return apply(d, false, List.of(event(d, Type.NOTE, now, user, text)));
  }

  /**
   * The notification stage escalated the incident (open, or resolved within the flap window: the
   * escalation may reach the timeline after the recovery). Changes nothing but the timeline.
   */
  public Change escalated(String id, String detail, Instant at) {
    Draft d = new Draft(liveOrRecent(id));
    return apply(d, false, List.of(event(d, Type.ESCALATED, at, VIGIE, detail)));
  }

  /** Whether the incident is open, or resolved within the flap window. */
  public boolean knows(String id) {
    return find(id) != null;
  }

  private Incident liveOrRecent(String id) {
    Incident inc = find(id);
    if (inc == null) {
      throw new IllegalArgumentException("no open or recent incident " + id);
    }
    return inc;
  }

  private Incident find(String id) {
    Incident inc = null;
    for (Incident i : live.values()) {
      inc = i.id().equals(id) ? i : inc;
    }
    for (Incident i : recent.values()) {
      inc = i.id().equals(id) ? i : inc;
    }
    return inc;
  }

  /**
   * Resolved by hand (the cause is gone but Vigie cannot see it, or the incident is wrong): it does
   * not reopen until its condition has cleared once.
   */
  public Change resolve(String id, String user, String comment, Instant now) {
    Incident inc = liveById(id);
    Draft d = new Draft(inc);
    d.status = IncidentStatus.RESOLVED;
    d.resolvedAt = now;
    manualHold.add(inc.fingerprint());
    return apply(d, false, List.of(event(d, Type.RESOLVED, now, user, comment)));
  }

  private Incident liveById(String id) {
    for (Incident i : live.values()) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no open incident " + id);
  }

  private IncidentEvent event(Draft d, Type type, Instant at, String actor, String detail) {
    long next = seq.merge(d.id, 1L, Long::sum);
    // The incident snapshot is set when the change is applied (see apply).
    return new IncidentEvent(type, next, null, at, actor, detail);
  }

  /** Applies a draft to the view; every event carries the incident as it is after the change. */
  private Change apply(Draft d, boolean created, List<IncidentEvent> events) {
    Incident after = d.build();
    if (after.isResolved()) {
      live.remove(after.fingerprint());
      recent.put(after.fingerprint(), after);
    } else {
      live.put(after.fingerprint(), after);
    }
    List<IncidentEvent> full = new ArrayList<>();
    for (IncidentEvent e : events) {
      full.add(new IncidentEvent(e.type(), e.seq(), after, e.at(), e.actor(), e.detail()));
    }
    return new Change(after, created, full);
  }
}
