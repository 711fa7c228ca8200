package org.vigie.alerting.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.alerting.mute.Matcher;
import org.vigie.alerting.mute.MuteWindow;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.LinkType;

/** Reads {@code alerting.maintenance} and {@code alerting.silences}. */
public final class MuteReader {
  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "mon", DayOfWeek.MONDAY,
          "tue", DayOfWeek.TUESDAY,
          "wed", DayOfWeek.WEDNESDAY,
          "thu", DayOfWeek.THURSDAY,
          "fri", DayOfWeek.FRIDAY,
          "sat", DayOfWeek.SATURDAY,
          "sun", DayOfWeek.SUNDAY);

  private MuteReader() {}

  public static List<MuteWindow> read(ConfigNode alerting, Inventory inventory) {
    List<MuteWindow> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String section : List.of("maintenance", "silences")) {
      for (ConfigNode n : alerting.list(section)) {
        MuteWindow w = readWindow(n, section.equals("maintenance"), inventory);
        if (w != null && !names.add(w.name())) {
          n.error("name", "duplicate window name '" + w.name() + "'");
        } else if (w != null) {
          out.add(w);
        }
      }
    }
    return out;
  }

  private static MuteWindow readWindow(ConfigNode n, boolean maintenance, Inventory inventory) {
    n.allowKeys(
        "name",
        "device",
        "school",
        "commune",
        "provider",
        "link-type",
        "start",
        "end",
        "days",
        "from",
        "to",
        "time-zone",
        "comment");
    String name = n.requiredString("name");
    Matcher m =
        new Matcher(
            n.string("device", null),
            n.string("school", null),
            n.string("commune", null),
            n.string("provider", null),
            n.string("link-type", null));
    boolean ok = name != null;
    if (m.isEmpty()) {
      n.error("needs at least one of device, school, commune, provider, link-type");
      ok = false;
    }
    if (inventory != null) {
      ok &=
          known(
              n,
              "device",
              m.device(),
              inventory.device(m.device() == null ? "" : m.device()).isPresent());
      ok &=
          known(
              n,
              "school",
              m.school(),
              inventory.school(m.school() == null ? "" : m.school()).isPresent());
      ok &=
          known(
              n,
              "commune",
              m.commune(),
              inventory.commune(m.commune() == null ? "" : m.commune()).isPresent());
    }
    if (m.linkType() != null && LinkType.fromKey(m.linkType()).isEmpty()) {
      n.error("link-type", "unknown link type '" + m.linkType() + "'");
      ok = false;
    }
    ZoneId zone = MuteWindow.PARIS;
    String zoneText = n.string("time-zone", null);
    if (zoneText != null) {
      try {
        zone = ZoneId.of(zoneText);
      } catch (DateTimeException e) {
        n.error("time-zone", "unknown time zone '" + zoneText + "'");
        ok = false;
      }
    }
    String comment = n.string("comment", null);
    boolean once = n.child("start").isPresent() || n.child("end").isPresent();
    boolean weekly =
        n.child("days").isPresent() || n.child("from").isPresent() || n.child("to").isPresent();
    if (once == weekly) {
      n.error("needs either start and end (once) or days, from and to (weekly)");
      return null;
    }
    if (once) {
      Instant start = instant(n, "start", zone);
      Instant end = instant(n, "end", zone);
      if (start != null && end != null && !end.isAfter(start)) {
        n.error("end", "must be after start");
        ok = false;
      }
      return ok && start != null && end != null
          ? MuteWindow.once(name, maintenance, m, start, end, comment)
          : null;
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (ConfigNode d : n.list("days")) {
      String t = d.text();
      if (t != null && DAYS.containsKey(t)) {
        days.add(DAYS.get(t));
      } else if (t != null) {
        d.error("expected mon, tue, wed, thu, fri, sat or sun, got '" + t + "'");
        ok = false;
      }
    }
    if (days.isEmpty() && ok) {
      n.error("days", "needs at least one day");
      ok = false;
    }
    LocalTime from = time(n, "from");
    LocalTime to = time(n, "to");
    if (from != null && from.equals(to)) {
      n.error("to", "must differ from 'from'");
      ok = false;
    }
    return ok && from != null && to != null
        ? MuteWindow.weekly(name, maintenance, m, days, from, to, zone, comment)
        : null;
  }

  private static boolean known(ConfigNode n, String key, String value, boolean present) {
    if (value != null && !present) {
      n.error(key, "unknown " + key + " '" + value + "'");
      return false;
    }
    return true;
  }

  /**
   * {@code 2026-03-10T22:00} in the window's zone, or with an offset ({@code …+01:00}, {@code Z}).
   */
  private static Instant instant(ConfigNode n, String key, ZoneId zone) {
    String text = n.requiredString(key);
    if (text == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException e2) {
        n.error(key, "expected a date and time such as 2026-03-10T22:00, got '" + text + "'");
        return null;
      }
    }
  }

  private static LocalTime time(ConfigNode n, String key) {
    String text = n.requiredString(key);
    if (text == null) {
      return null;
    }
    try {
      return text.equals("24:00") ? LocalTime.MAX : LocalTime.parse(text);
    } catch (DateTimeException e) {
      n.error(key, "expected a time such as 22:00, got '" + text + "'");
      return null;
    }
  }
}
