package org.vigie.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vigie.aggregator.MaintenanceSchedule;
import org.vigie.alerting.config.MuteReader;
import org.vigie.alerting.mute.MuteTarget;
import org.vigie.alerting.mute.MuteWindow;
import org.vigie.inventory.Check;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Inventory;

/**
 * Maintenance windows ({@code alerting.maintenance}) and silences ({@code alerting.silences}, and
 * those added at run time through {@link IncidentService}): which incidents are muted (recorded,
 * not notified), and, as a {@link MaintenanceSchedule} for the aggregator's ledger, which checks
 * are in MAINTENANCE. Thread-safe.
 */
public final class MuteSchedule implements MaintenanceSchedule {
  private final List<MuteWindow> configured;
  private final List<MuteWindow> runtime = new CopyOnWriteArrayList<>();

  public MuteSchedule(List<MuteWindow> configured) {
    this.configured = List.copyOf(configured);
  }

  /** Nothing muted (until silences are added at run time). */
  public static MuteSchedule none() {
    return new MuteSchedule(List.of());
  }

  /**
   * Reads {@code alerting.maintenance} and {@code alerting.silences}; references to communes,
   * schools and devices are checked against {@code inventory}. Problems go to the node's sink.
   */
  public static MuteSchedule read(ConfigNode alerting, Inventory inventory) {
    return new MuteSchedule(MuteReader.read(alerting, inventory));
  }

  /** The configured windows, then the run-time silences. */
  public List<MuteWindow> windows() {
    return java.util.stream.Stream.concat(configured.stream(), runtime.stream()).toList();
  }

  /** The first window or silence covering {@code target} at {@code at}. */
  public Optional<MuteWindow> muting(MuteTarget target, Instant at) {
    for (MuteWindow w : configured) {
      if (w.covers(target, at)) {
        return Optional.of(w);
      }
    }
    for (MuteWindow w : runtime) {
      if (w.covers(target, at)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean inMaintenance(Check check, Instant at) {
    MuteTarget t = target(check);
    for (MuteWindow w : configured) {
      if (w.maintenance() && w.covers(t, at)) {
        return true;
      }
    }
    return false;
  }

  /** Adds (or replaces, by name) a run-time silence. */
  public void addRuntime(MuteWindow silence) {
    runtime.removeIf(w -> w.name().equals(silence.name()));
    runtime.add(silence);
  }

  /** Removes a run-time silence; whether there was one of that name. */
  public boolean removeRuntime(String name) {
    return runtime.removeIf(w -> w.name().equals(name));
  }

  static MuteTarget target(Check c) {
    return new MuteTarget(
        c.commune() == null ? null : c.commune().id(),
        c.school() == null ? null : c.school().id(),
        c.school() == null ? null : c.school().link().provider(),
        c.school() == null ? null : c.school().link().type().key(),
        Set.of(c.device().key()));
  }
}
