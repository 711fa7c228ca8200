package org.vigie.alerting.mute;

import java.util.Set;

/**
 * What a mute matcher is compared with: the commune, school, link and devices an incident (or a
 * check) is about. Null fields are unknown and match only matchers that leave them open.
 *
 * @param devices the device keys ({@code school/device}) at the root of the incident
 */
public record MuteTarget(
    String communeId, String schoolId, String provider, String linkType, Set<String> devices) {
  public MuteTarget {
    devices = Set.copyOf(devices);
  }
}
