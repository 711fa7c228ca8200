package org.vigie.inventory.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Problem;

/**
 * Turns the declared devices of one school (YAML and CSV together) into devices: rejects duplicate
 * ids, resolves explicit and default parents, and reports topology cycles.
 */
final class DeviceResolver {
  private DeviceResolver() {}

  static List<Device> resolve(String schoolId, List<DeviceDecl> decls, List<Problem> problems) {
    Map<String, DeviceDecl> byId = new LinkedHashMap<>();
    for (DeviceDecl d : decls) {
      DeviceDecl first = byId.putIfAbsent(d.id(), d);
      if (first != null) {
        problems.add(
            d.idSite()
                .problem(
                    "duplicate id '"
                        + d.id()
                        + "' in school '"
                        + schoolId
                        + "' (first declared at "
                        + first.idSite().origin()
                        + ")"));
      }
    }
    String router = firstOf(byId, DeviceKind.ROUTER);
    String firstSwitch = firstOf(byId, DeviceKind.SWITCH);
    Map<String, String> parents = new LinkedHashMap<>();
    for (DeviceDecl d : byId.values()) {
      String parent;
      if (d.parentId() != null) {
        parent = d.parentId();
        if (!byId.containsKey(parent)) {
          problems.add(
              d.parentSite()
                  .problem("unknown device '" + parent + "' in school '" + schoolId + "'"));
          parent = null;
        }
      } else {
        parent = defaultParent(d.kind(), router, firstSwitch);
      }
      parents.put(d.id(), parent);
    }
    reportCycles(byId, parents, problems);
    List<Device> devices = new ArrayList<>();
    for (DeviceDecl d : byId.values()) {
      devices.add(
          new Device(
              d.id(),
              schoolId,
              d.kind(),
              d.name() == null ? d.id() : d.name(),
              d.address(),
              parents.get(d.id()),
              d.checks(),
              d.origin()));
    }
    return devices;
  }

  /**
   * A router hangs from the link, a switch from the router, anything else from the first switch.
   */
  private static String defaultParent(DeviceKind kind, String router, String firstSwitch) {
    if (kind == DeviceKind.ROUTER) {
      return null;
    }
    if (kind == DeviceKind.SWITCH) {
      return router;
    }
    return firstSwitch != null ? firstSwitch : router;
  }

  private static String firstOf(Map<String, DeviceDecl> byId, DeviceKind kind) {
    return byId.values().stream()
        .filter(d -> d.kind() == kind)
        .map(DeviceDecl::id)
        .findFirst()
        .orElse(null);
  }

  /**
   * Reports each cycle once, on the earliest declared member whose parent is explicit (a cycle
   * needs one: default parents always lead up to the router, which hangs from the link).
   */
  private static void reportCycles(
      Map<String, DeviceDecl> byId, Map<String, String> parents, List<Problem> problems) {
    Map<String, Integer> order = new HashMap<>();
    byId.keySet().forEach(id -> order.put(id, order.size()));
    Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on current walk, 2: done
    for (String start : byId.keySet()) {
      List<String> walk = new ArrayList<>();
      String current = start;
      while (current != null && !state.containsKey(current)) {
        state.put(current, 1);
        walk.add(current);
        current = parents.get(current);
      }
      if (current != null && state.get(current) == 1) {
        List<String> cycle = new ArrayList<>(walk.subList(walk.indexOf(current), walk.size()));
        String at =
            cycle.stream()
                .filter(id -> byId.get(id).parentSite() != null)
                .min((a, b) -> Integer.compare(order.get(a), order.get(b)))
                .orElse(cycle.getFirst());
        int from = cycle.indexOf(at);
        List<String> path = new ArrayList<>(cycle.subList(from, cycle.size()));
        path.addAll(cycle.subList(0, from));
        path.add(at);
        DeviceDecl d = byId.get(at);
        Site site = d.parentSite() != null ? d.parentSite() : d.idSite();
        problems.add(site.problem("cycle in topology: " + String.join(" -> ", path)));
      }
      walk.forEach(id -> state.put(id, 2));
    }
  }
}
