package org.vigie.reports;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigie.inventory.ConfigNode;

/**
 * The {@code reports:} section (see docs/configuration.md).
 *
 * @param language French (default) or English
 * @param schedule whether the monthly reports are sent automatically
 * @param sendAt the local time (Europe/Paris) on the 1st of each month
 * @param attachments formats attached to the e-mail (default PDF); the body is always HTML
 * @param dsiRecipients who receives the DSI summary (none by default)
 */
public record ReportSettings(
    ReportLanguage language,
    boolean schedule,
    LocalTime sendAt,
    List<ReportFormat> attachments,
    List<String> dsiRecipients) {

  public static final LocalTime DEFAULT_SEND_AT = LocalTime.of(7, 0);

  public ReportSettings {
    attachments = List.copyOf(attachments);
    dsiRecipients = List.copyOf(dsiRecipients);
  }

  public static ReportSettings defaults() {
    return new ReportSettings(
        ReportLanguage.FR, false, DEFAULT_SEND_AT, List.of(ReportFormat.PDF), List.of());
  }

  /** Reads the section; problems go to the node's sink at their position. */
  public static ReportSettings read(ConfigNode node) {
    node.allowKeys("language", "schedule", "send-at", "attachments", "dsi-recipients");
    ReportLanguage language = ReportLanguage.FR;
    String lang = node.string("language", "fr").toUpperCase(Locale.ROOT);
    try {
      language = ReportLanguage.valueOf(lang);
    } catch (IllegalArgumentException e) {
      node.error("language", "expected fr or en, got '" + lang.toLowerCase(Locale.ROOT) + "'");
    }
    LocalTime at = DEFAULT_SEND_AT;
    String text = node.string("send-at", "07:00");
    try {
      at = LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeParseException e) {
      node.error("send-at", "expected a time of day HH:MM, got '" + text + "'");
    }
    List<ReportFormat> formats = new ArrayList<>();
    if (node.child("attachments").isEmpty()) {
      formats.add(ReportFormat.PDF);
    }
    for (ConfigNode item : node.list("attachments")) {
      String f = item.text();
      if (f == null) {
        continue;
      }
      try {
        formats.add(ReportFormat.valueOf(f.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        item.error("expected pdf, csv or html, got '" + f + "'");
      }
    }
    List<String> dsi = new ArrayList<>();
    for (ConfigNode item : node.list("dsi-recipients")) {
      String a = item.text();
      if (a != null && !a.contains("@")) {
        item.error("expected an e-mail address, got '" + a + "'");
      } else if (a != null) {
        dsi.add(a);
      }
    }
    return new ReportSettings(language, node.bool("schedule", false), at, formats, dsi);
  }
}
