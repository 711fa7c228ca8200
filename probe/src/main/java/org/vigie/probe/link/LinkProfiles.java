package org.vigie.probe.link;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.vigie.inventory.LinkType;

/**
 * The default profile of each link type (see docs/configuration.md for why these numbers). A check
 * overrides any ceiling with {@code max-rtt}, {@code max-loss}, {@code max-jitter}.
 *
 * <ul>
 *   <li>fibre: 20 ms, 1 %, 5 ms: FTTH to the operator's edge is a few ms; 20 ms leaves room for a
 *       national target and a busy evening without hiding a routing detour;
 *   <li>lumière (municipal fibre): 30 ms, 1 %, 10 ms: one more hop through the municipal core and
 *       its shared uplink before the operator;
 *   <li>ADSL: 60 ms, 2 %, 15 ms: interleaving alone adds 10–40 ms, and copper lines lose a little
 *       when the line is long;
 *   <li>satellite (geostationary): 800 ms, 3 %, 60 ms: four legs of 36,000 km make a floor of about
 *       480 ms, plus 100–200 ms of ground network and scheduling.
 * </ul>
 */
public final class LinkProfiles {
  private static final Map<LinkType, LinkProfile> DEFAULTS = defaults();

  private LinkProfiles() {}

  /** The default profile of a link type. */
  public static LinkProfile of(LinkType type) {
    return DEFAULTS.get(type);
  }

  private static Map<LinkType, LinkProfile> defaults() {
    Map<LinkType, LinkProfile> m = new EnumMap<>(LinkType.class);
    m.put(LinkType.FIBRE, profile(20, 0.01, 5));
    m.put(LinkType.LUMIERE, profile(30, 0.01, 10));
    m.put(LinkType.ADSL, profile(60, 0.02, 15));
    m.put(LinkType.SATELLITE, profile(800, 0.03, 60));
    if (m.size() != LinkType.values().length) {
      throw new IllegalStateException("a link type without a default profile");
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  private static LinkProfile profile(long rttMs, double loss, long jitterMs) {
    return new LinkProfile(Duration.ofMillis(rttMs), loss, Duration.ofMillis(jitterMs));
  }
}
