package org.vigie.aggregator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigie.inventory.Check;
import org.vigie.inventory.Device;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Topology;

/**
 * Turns the hysteresis verdicts of {@link StateTracker} into the states Vigie publishes, using the
 * topology: a check that fails while a device above it (switch, router: its path to the school's
 * link) is down is UNREACHABLE, not DOWN, because it cannot be judged. When that device comes back,
 * its unreachable checks become UNKNOWN until a fresh result judges them, rather than DOWN on stale
 * failures.
 *
 * <p>A device is down when at least one of its checks is DOWN and none is UP or DEGRADED (UNKNOWN
 * checks do not count). Not thread-safe: owned by the aggregator's verticle.
 */
public final class Reachability {
  private final StateTracker tracker;
  private final Topology topology;
  private final Map<String, Device> devices = new HashMap<>();
  private final Map<String, List<Check>> checksByDevice = new HashMap<>();
  private final Map<String, CheckState> published = new HashMap<>();

  public Reachability(Inventory inventory, StateTracker tracker) {
    this.tracker = tracker;
    this.topology = inventory.topology();
    for (Device d : inventory.devices()) {
      devices.put(d.key(), d);
    }
    for (Check c : inventory.checks()) {
      checksByDevice.computeIfAbsent(c.device().key(), k -> new ArrayList<>()).add(c);
    }
  }

  /** The published state of a check. */
  public CheckState state(String checkKey) {
    return published.getOrDefault(checkKey, CheckState.UNKNOWN);
  }

  /**
   * Takes a verdict change of the tracker and returns the published changes it causes: the check's
   * own, then those of the checks below its device when the device went down or came back.
   */
  public List<StateChange> apply(Check check, StateChange verdict) {
    String deviceKey = check.device().key();
    boolean wasDown = down(deviceKey, verdict);
    List<StateChange> out = new ArrayList<>();
    publish(check, verdict.at(), verdict.reason(), out);
    boolean isDown = down(deviceKey, null);
    if (wasDown != isDown) {
      Device device = devices.get(deviceKey);
      for (String below : topology.descendants(deviceKey)) {
        for (Check c : checksByDevice.getOrDefault(below, List.of())) {
          if (isDown) {
            publish(c, verdict.at(), behind(device), out);
          } else if (state(c.key()) == CheckState.UNREACHABLE && downAncestor(below) == null) {
            // Its failures were seen through a dead parent: start judging it afresh.
            tracker.reset(c.key());
            publish(
                c, verdict.at(), name(device) + " is reachable again; waiting for a result", out);
          }
        }
      }
    }
    return out;
  }

  private void publish(Check c, Instant at, String reason, List<StateChange> out) {
    CheckState verdict = tracker.state(c.key());
    String because = reason;
    CheckState now = verdict;
    if (verdict == CheckState.DOWN) {
      String ancestor = downAncestor(c.device().key());
      if (ancestor != null) {
        now = CheckState.UNREACHABLE;
        because = behind(devices.get(ancestor));
      }
    }
    CheckState before = state(c.key());
    if (now != before) {
      published.put(c.key(), now);
      out.add(new StateChange(c.key(), before, now, at, because));
    }
  }

  /**
   * The device above this one that is down and closest to the link (the likely root cause: a switch
   * behind a dead router is down too, but the router is what to fix), or null.
   */
  private String downAncestor(String deviceKey) {
    List<String> path = topology.pathToLink(deviceKey);
    for (int i = path.size() - 1; i >= 1; i--) {
      if (down(path.get(i), null)) {
        return path.get(i);
      }
    }
    return null;
  }

  /**
   * Whether a device is down by its checks' verdicts; with {@code undo}, as it was before that
   * verdict change.
   */
  private boolean down(String deviceKey, StateChange undo) {
    boolean anyDown = false;
    for (Check c : checksByDevice.getOrDefault(deviceKey, List.of())) {
      CheckState s =
          undo != null && undo.checkKey().equals(c.key()) ? undo.from() : tracker.state(c.key());
      if (s == CheckState.UP || s == CheckState.DEGRADED) {
        return false;
      }
      anyDown |= s == CheckState.DOWN;
    }
    return anyDown;
  }

  private static String behind(Device d) {
    return "behind " + name(d) + ", which is DOWN";
  }

  private static String name(Device d) {
    return d == null ? "a parent device" : d.kind().key() + " " + d.key();
  }
}
