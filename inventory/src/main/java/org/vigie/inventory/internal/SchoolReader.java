package org.vigie.inventory.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.School;

/** Reads one {@code schools[]} entry: the school, its link and its devices. */
final class SchoolReader {
  private static final int MAX_COUNT = 1000;

  private final CheckReader checks;
  private final Map<DeviceKind, List<CheckSpec>> defaults;

  SchoolReader(CheckReader checks, Map<DeviceKind, List<CheckSpec>> defaults) {
    this.checks = checks;
    this.defaults = defaults;
  }

  /** A school as read; {@code school} is null when its id is missing. */
  record Read(School school, List<DeviceDecl> devices) {}

  Read read(ConfigNode s, Set<String> communeIds) {
    s.allowKeys("id", "name", "commune", "address", "link", "devices");
    String id = Formats.requiredId(s, "id");
    String name = s.requiredString("name");
    String commune = s.requiredString("commune");
    if (commune != null && !communeIds.contains(commune)) {
      s.error("commune", "unknown commune '" + commune + "'");
    }
    String address = s.string("address", null);
    Link link = s.requiredChild("link").map(SchoolReader::link).orElse(null);
    List<DeviceDecl> devices = new ArrayList<>();
    for (ConfigNode d : s.list("devices")) {
      devices.addAll(device(d, id));
    }
    School school = id == null ? null : new School(id, name, commune, address, link, s.origin());
    return new Read(school, devices);
  }

  private static Link link(ConfigNode l) {
    l.allowKeys("type", "provider", "down-mbps", "up-mbps", "address");
    String typeText = l.requiredString("type");
    LinkType type = null;
    if (typeText != null) {
      Optional<LinkType> t = LinkType.fromKey(typeText);
      if (t.isEmpty()) {
        l.error(
            "type",
            "unknown link type '"
                + typeText
                + "'; expected one of: "
                + Arrays.stream(LinkType.values())
                    .map(LinkType::key)
                    .collect(Collectors.joining(", ")));
      } else {
        type = t.get();
      }
    }
    // 0 stands for "not stated": the bandwidths are informative only.
    double down = l.positiveNumber("down-mbps", 0);
    double up = l.positiveNumber("up-mbps", 0);
    String provider = l.string("provider", null);
    String address = Formats.requiredAddress(l, "address");
    return new Link(type, provider, down, up, address);
  }

  /** One device entry, expanded to {@code count} devices. */
  private List<DeviceDecl> device(ConfigNode d, String schoolId) {
    d.allowKeys("id", "kind", "name", "address", "parent", "count", "checks");
    String id = Formats.requiredId(d, "id");
    String kindText = d.requiredString("kind");
    DeviceKind kind = null;
    if (kindText != null) {
      kind = DeviceKind.fromKey(kindText).orElse(null);
      if (kind == null) {
        d.error(
            "kind",
            "unknown device kind '" + kindText + "'; expected one of: " + CheckReader.kindList());
      }
    }
    String name = d.string("name", null);
    String address = Formats.requiredAddress(d, "address");
    String parent = d.string("parent", null);
    int count = d.integer("count", 1, 1, MAX_COUNT);
    // Checks are merged over the kind's defaults; without a valid kind there is nothing to merge
    // over, and reading them anyway would only add misleading "missing kind" errors.
    List<CheckSpec> specs =
        kind == null ? List.of() : checks.readDeviceChecks(d, defaults.get(kind));
    if (id == null || schoolId == null) {
      return List.of();
    }
    Site idSite = Site.of(d, "id");
    Site parentSite = parent == null ? null : Site.of(d, "parent");
    if (count == 1) {
      return List.of(
          new DeviceDecl(
              schoolId, id, kind, name, address, parent, specs, d.origin(), idSite, parentSite));
    }
    long first = address == null ? -1 : Formats.ipv4ToLong(address);
    if (address != null && first < 0) {
      d.error("address", "count needs an IPv4 address to number from, got '" + address + "'");
    } else if (first >= 0 && (first & 255) + count - 1 > 255) {
      d.error(
          "count", count + " addresses from " + address + " would run past the last octet (255)");
    }
    int width = Math.max(2, String.valueOf(count).length());
    List<DeviceDecl> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String suffix = String.format("%0" + width + "d", i);
      String ip = first < 0 ? address : Formats.longToIpv4(first + i - 1);
      out.add(
          new DeviceDecl(
              schoolId,
              id + "-" + suffix,
              kind,
              name == null ? null : name + " " + suffix,
              ip,
              parent,
              specs,
              d.origin(),
              idSite,
              parentSite));
    }
    return out;
  }
}
