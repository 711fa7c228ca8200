package org.vigie.aggregator.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.aggregator.CheckState;
import org.vigie.inventory.Check;
import org.vigie.inventory.DeviceKind;

/**
 * Which checks make up each derived subject (a device, a school link), from the inventory, and how
 * their states combine.
 */
final class Subjects {
  /** The probe kind or check name that marks a check as judging the school's internet link. */
  static final String LINK = "link";

  private final Map<String, Check> checks = new HashMap<>();
  private final Map<String, List<String>> deviceMembers = new HashMap<>();
  private final Map<String, List<String>> linkMembers = new HashMap<>();

  Subjects(List<Check> inventoryChecks) {
    Map<String, List<String>> linkChecks = new LinkedHashMap<>();
    Map<String, List<String>> routerChecks = new LinkedHashMap<>();
    for (Check c : inventoryChecks) {
      checks.put(c.key(), c);
      deviceMembers.computeIfAbsent(c.device().key(), k -> new ArrayList<>()).add(c.key());
      String school = c.device().schoolId();
      if (LINK.equals(c.spec().kind()) || LINK.equals(c.spec().name())) {
        linkChecks.computeIfAbsent(school, k -> new ArrayList<>()).add(c.key());
      } else if (c.device().kind() == DeviceKind.ROUTER) {
        routerChecks.computeIfAbsent(school, k -> new ArrayList<>()).add(c.key());
      }
    }
    // A dedicated link check judges the link; a router's admin page failing does not mean the
    // link is down. Only schools without one fall back on their routers' checks.
    linkMembers.putAll(routerChecks);
    linkMembers.putAll(linkChecks);
  }

  Check check(String checkKey) {
    return checks.get(checkKey);
  }

  List<String> deviceMembers(String deviceKey) {
    return deviceMembers.getOrDefault(deviceKey, List.of());
  }

  /** The checks judging the school's link, empty if {@code checkKey} is not one of them. */
  List<String> linkMembersWith(String schoolId, String checkKey) {
    List<String> members = linkMembers.getOrDefault(schoolId, List.of());
    return members.contains(checkKey) ? members : List.of();
  }

  /** Every subject the inventory knows: checks, devices, school links. */
  boolean knows(String subject) {
    return checks.containsKey(subject)
        || deviceMembers.containsKey(subject)
        || linkMembers.containsKey(subject);
  }

  /**
   * The state of a device or link from its checks' states: UNKNOWN checks are ignored (a gap in one
   * check says nothing of the others); among the rest the worst wins, DOWN &gt; UNREACHABLE &gt;
   * DEGRADED &gt; UP; checks in MAINTENANCE are not judged, so MAINTENANCE only when all known
   * checks are; UNKNOWN when all are UNKNOWN (or there are none).
   */
  static CheckState combine(Collection<CheckState> states) {
    CheckState worst = null;
    boolean maintenance = false;
    for (CheckState s : states) {
      switch (s) {
        case UNKNOWN -> {}
        case MAINTENANCE -> maintenance = true;
        default -> {
          if (worst == null || severity(s) > severity(worst)) {
            worst = s;
          }
        }
      }
    }
    if (worst != null) {
      return worst;
    }
    return maintenance ? CheckState.MAINTENANCE : CheckState.UNKNOWN;
  }

  private static int severity(CheckState s) {
    return switch (s) {
      case UP -> 1;
      case DEGRADED -> 2;
      case UNREACHABLE -> 3;
      case DOWN -> 4;
      case UNKNOWN, MAINTENANCE -> 0;
    };
  }
}
