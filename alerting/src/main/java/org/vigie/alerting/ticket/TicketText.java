package org.vigie.alerting.ticket;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.Severity;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.School;

/** Renders tickets and their follow-ups in French (the helpdesk's readers), HTML and text. */
final class TicketText {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss", Locale.FRANCE).withZone(PARIS);
  private static final int MAX_TITLE = 250;

  private final Inventory inventory;
  private final HelpdeskSettings settings;

  TicketText(Inventory inventory, HelpdeskSettings settings) {
    this.inventory = inventory;
    this.settings = settings;
  }

  /** One line of the timeline. */
  record Line(Instant at, String type, String actor, String detail) {}

  /** Urgency and impact 1–5 (GLPI: very low … very high) from severity. */
  static int urgency(Severity s) {
    return switch (s) {
      case CRITICAL -> 5;
      case MAJOR -> 4;
      case MINOR -> 3;
      case WARNING -> 2;
    };
  }

  TicketRequest request(IncidentEvent e, List<Line> timeline) {
    Incident i = e.incident();
    HelpdeskSettings.Mapping m = settings.mappingOf(i.communeId());
    int level = urgency(i.severity());
    return new TicketRequest(
        i.id(),
        title(i),
        html(e, timeline),
        text(e, timeline),
        level,
        level,
        m.entityId(),
        m.categoryId(),
        settings.requesterId(),
        assets(i));
  }

  String title(Incident i) {
    String where =
        school(i)
            .map(s -> s.name() + " (" + commune(i).map(Commune::name).orElse(s.communeId()) + ")")
            .orElse(i.subject());
    String tail = " [" + i.id() + "]";
    String head = "[Vigie] " + where + " : ";
    String cause = i.cause();
    int room = MAX_TITLE - head.length() - tail.length();
    if (cause.length() > room) {
      cause = cause.substring(0, Math.max(0, room - 1)) + "…";
    }
    return head + cause + tail;
  }

  private Optional<School> school(Incident i) {
    return i.schoolId() == null ? Optional.empty() : inventory.school(i.schoolId());
  }

  private Optional<Commune> commune(Incident i) {
    return i.communeId() == null ? Optional.empty() : inventory.commune(i.communeId());
  }

  private String html(IncidentEvent e, List<Line> timeline) {
    Incident i = e.incident();
    StringBuilder b = new StringBuilder();
    b.append("<p><b>Incident ")
        .append(esc(i.id()))
        .append("</b> — gravité ")
        .append(i.severity().name().toLowerCase(Locale.ROOT))
        .append(", ouvert le ")
        .append(WHEN.format(i.openedAt()))
        .append("</p>");
    b.append("<p>Cause : ").append(esc(i.cause())).append("</p>");
    if (e.detail() != null && !e.detail().isBlank()) {
      b.append("<p>Premiers relevés : ").append(esc(e.detail())).append("</p>");
    }
    b.append("<p>Appareils affectés (").append(i.affected().size()).append(") :</p><ul>");
    for (String key : i.affected()) {
      b.append("<li>").append(esc(describe(key))).append("</li>");
    }
    b.append("</ul><p>Chronologie :</p><ul>");
    for (Line l : timeline) {
      b.append("<li>").append(esc(line(l))).append("</li>");
    }
    b.append("</ul>");
    dashboard(i)
        .ifPresent(
            url ->
                b.append("<p><a href=\"")
                    .append(esc(url))
                    .append("\">Tableau de bord Grafana de l'école</a></p>"));
    return b.toString();
  }

  private String text(IncidentEvent e, List<Line> timeline) {
    Incident i = e.incident();
    StringBuilder b = new StringBuilder();
    b.append("Incident ")
        .append(i.id())
        .append(" — gravité ")
        .append(i.severity().name().toLowerCase(Locale.ROOT))
        .append(", ouvert le ")
        .append(WHEN.format(i.openedAt()))
        .append("\n\nCause : ")
        .append(i.cause())
        .append('\n');
    if (e.detail() != null && !e.detail().isBlank()) {
      b.append("Premiers relevés : ").append(e.detail()).append('\n');
    }
    b.append("\nAppareils affectés (").append(i.affected().size()).append(") :\n");
    i.affected().forEach(k -> b.append("- ").append(describe(k)).append('\n'));
    b.append("\nChronologie :\n");
    timeline.forEach(l -> b.append("- ").append(line(l)).append('\n'));
    dashboard(i).ifPresent(url -> b.append("\nTableau de bord : ").append(url).append('\n'));
    return b.toString();
  }

  private static String line(Line l) {
    return WHEN.format(l.at())
        + " "
        + l.type()
        + " ("
        + l.actor()
        + ")"
        + (l.detail() == null || l.detail().isBlank() ? "" : " : " + l.detail());
  }

  String describe(String deviceKey) {
    return inventory
        .device(deviceKey)
        .map(d -> d.name() + " (" + d.key() + ", " + d.address() + ")")
        .orElse(deviceKey);
  }

  Optional<String> dashboard(Incident i) {
    if (settings.grafanaUrl() == null || i.schoolId() == null) {
      return Optional.empty();
    }
    String base = settings.grafanaUrl();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return Optional.of(
        base
            + "/d/vigie-school?var-commune="
            + enc(i.communeId() == null ? "All" : i.communeId())
            + "&var-school="
            + enc(i.schoolId()));
  }

  /** A follow-up for an event of an incident that has a ticket. */
  String followUp(IncidentEvent e) {
    Incident i = e.incident();
    String who = esc(e.actor());
    String detail = e.detail() == null ? "" : esc(e.detail());
    String head =
        switch (e.type()) {
          case UPDATED -> "Évolution : " + esc(i.cause());
          case ACKNOWLEDGED -> "Pris en charge par " + who;
          case ESCALATED -> "Escaladé : " + detail;
          case NOTE -> "Note de " + who + " : " + detail;
          case FLAPPING -> "Instable (bascule souvent) : notifications suspendues";
          case SETTLED -> "Stabilisé";
          case MUTED -> "Maintenance ou silence en cours";
          case UNMUTED -> "Fin de la maintenance ou du silence";
          default -> e.type().name();
        };
    StringBuilder b =
        new StringBuilder("<p>")
            .append(WHEN.format(e.at()))
            .append(" — ")
            .append(head)
            .append("</p>");
    if (e.type() == IncidentEvent.Type.UPDATED) {
      if (!detail.isEmpty()) {
        b.append("<p>").append(detail).append("</p>");
      }
      b.append("<p>Appareils affectés (").append(i.affected().size()).append(") :</p><ul>");
      i.affected().forEach(k -> b.append("<li>").append(esc(describe(k))).append("</li>"));
      b.append("</ul>");
    }
    return b.toString();
  }

  /** The solution text: outage duration and what recovered. */
  String solution(IncidentEvent e) {
    Incident i = e.incident();
    Instant end = i.resolvedAt() != null ? i.resolvedAt() : e.at();
    return "<p>Rétabli le "
        + WHEN.format(end)
        + ". Durée de la panne : "
        + duration(Duration.between(i.openedAt(), end))
        + ".</p><p>Cause : "
        + esc(i.cause())
        + "</p><p>Solution : retour à la normale constaté par la supervision Vigie"
        + (e.detail() == null || e.detail().isBlank() ? "" : " (" + esc(e.detail()) + ")")
        + ".</p>";
  }

  String reopening(IncidentEvent e) {
    return "<p>"
        + WHEN.format(e.at())
        + " — Le problème est revenu (récidive dans la fenêtre d'instabilité) : ticket rouvert."
        + "</p><p>Cause : "
        + esc(e.incident().cause())
        + "</p>";
  }

  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    long h = s / 3600;
    long m = (s % 3600) / 60;
    if (h > 0) {
      return h + " h " + String.format(Locale.ROOT, "%02d", m) + " min";
    }
    return m > 0 ? m + " min " + (s % 60) + " s" : s + " s";
  }

  /** The assets to link: the school's router(s) for a school, the device itself otherwise. */
  List<Asset> assets(Incident i) {
    List<Device> devices = new ArrayList<>();
    if (i.scope() == IncidentScope.SCHOOL && i.schoolId() != null) {
      List<Device> all = inventory.devicesOf(i.schoolId());
      all.stream().filter(d -> d.kind() == DeviceKind.ROUTER).forEach(devices::add);
      if (devices.isEmpty()) {
        all.stream().filter(d -> d.parentId() == null).forEach(devices::add);
      }
    } else if (i.scope() == IncidentScope.DEVICE || i.scope() == IncidentScope.CHECK) {
      String[] parts = i.subject().split("/");
      if (parts.length >= 2) {
        inventory.device(parts[0] + "/" + parts[1]).ifPresent(devices::add);
      }
    }
    List<Asset> out = new ArrayList<>();
    for (Device d : devices) {
      String value =
          switch (settings.assetSource()) {
            case "id" -> d.id();
            case "address" -> d.address();
            default -> d.name();
          };
      if (value != null && !value.isBlank()) {
        out.add(new Asset(itemtype(d.kind()), d.key(), value));
      }
    }
    return out;
  }

  static String itemtype(DeviceKind kind) {
    return switch (kind) {
      case ROUTER, SWITCH, ACCESS_POINT -> "NetworkEquipment";
      case PRINTER -> "Printer";
      case SERVER, WORKSTATION -> "Computer";
    };
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
