package org.vigie.alerting.ticket;

import java.util.List;

/**
 * A ticket to open, already rendered.
 *
 * @param incidentId the incident's key, also written in {@code title} (searched before creating)
 * @param title one line: school, commune, cause and the key
 * @param content HTML: affected devices, first figures, timeline, dashboard link
 * @param text the same content as plain text (e-mail)
 * @param urgency 1 (very low) to 5 (very high), from severity
 * @param impact 1 to 5, from severity
 * @param entityId the helpdesk entity (GLPI {@code entities_id}), null for the user's default
 * @param categoryId the ITIL category, null for none
 * @param requesterId the requester user id, null for none
 * @param assets inventory assets to link
 */
public record TicketRequest(
    String incidentId,
    String title,
    String content,
    String text,
    int urgency,
    int impact,
    Integer entityId,
    Integer categoryId,
    Integer requesterId,
    List<Asset> assets) {
  public TicketRequest {
    assets = List.copyOf(assets);
  }
}
