package org.vigie.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology graph of the estate: each device hangs from a parent device of the same school, and
 * the top of each school (its router) hangs from the school's internet link. Used to tell DOWN from
 * UNREACHABLE.
 */
public final class Topology {
  private final Map<String, Device> devices;
  private final Map<String, List<String>> children = new LinkedHashMap<>();

  Topology(Map<String, Device> devices) {
    this.devices = devices;
    for (Device d : devices.values()) {
      String parent = parentKey(d);
      if (parent != null) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(d.key());
      }
    }
  }

  /** The parent's {@code school/device} key, or null when the device hangs from the link. */
  public String parentKey(Device d) {
    return d.parentId() == null ? null : d.schoolId() + "/" + d.parentId();
  }

  /**
   * The path from a device up to its school's link, the device first and the top device (the one
   * attached to the link) last. Stops at a cycle or a dangling reference rather than looping; the
   * loader reports those as errors.
   */
  public List<String> pathToLink(String deviceKey) {
    List<String> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String current = deviceKey;
    while (current != null && seen.add(current)) {
      Device d = devices.get(current);
      if (d == null) {
        break;
      }
      path.add(current);
      current = parentKey(d);
    }
    return path;
  }

  /** Devices directly under the given device. */
  public List<String> children(String deviceKey) {
    return List.copyOf(children.getOrDefault(deviceKey, List.of()));
  }

  /** Every device below the given one, depth first. */
  public List<String> descendants(String deviceKey) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> stack = new ArrayList<>(children(deviceKey));
    while (!stack.isEmpty()) {
      String k = stack.removeLast();
      if (seen.add(k)) {
        out.add(k);
        stack.addAll(children(k));
      }
    }
    return out;
  }
}
