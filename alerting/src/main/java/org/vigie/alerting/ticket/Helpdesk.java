package org.vigie.alerting.ticket;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * A helpdesk Vigie opens tickets in: GLPI through its REST API v1 ({@code apirest.php}) or v2 (GLPI
 * 11's high-level API), or any helpdesk through its mail collector or a webhook.
 *
 * <p>Every write carries a step key ({@code <incident id>#<seq>}) that the implementation writes
 * into what it creates, so that a call repeated after a timeout or a crash (the outbox delivers at
 * least once) finds its own earlier effect and does nothing. Failures are failed futures: a {@link
 * HelpdeskException} says whether trying again later may help.
 */
public interface Helpdesk {

  /** The system's name, stored in the ticket table: {@code glpi}, {@code glpi-v2}, ... */
  String system();

  /**
   * The ticket carrying {@code incidentId} in its title, if the helpdesk has one: asked before
   * creating, so a create that timed out after the helpdesk stored it is never repeated. Empty when
   * the helpdesk cannot be searched (e-mail, webhook).
   */
  Future<Optional<String>> findByKey(String incidentId);

  /** Creates the ticket; returns its id. */
  Future<String> open(TicketRequest request);

  /** Adds a follow-up unless one carrying {@code stepKey} exists. */
  Future<Void> followUp(String ticketId, String stepKey, String text);

  /**
   * Solves the ticket with {@code text} unless a solution carrying {@code stepKey} exists; a ticket
   * someone already solved gets the text as a follow-up (a second solution is refused).
   */
  Future<Void> solve(String ticketId, String stepKey, String text);

  /** Re-opens a solved ticket (a recurrence within the flap window) and says why. */
  Future<Void> reopen(String ticketId, String stepKey, String text);

  /** Links inventory assets to the ticket; assets the helpdesk does not know are skipped. */
  Future<Void> link(String ticketId, List<Asset> assets);

  /** Ends the session, if any. */
  Future<Void> close();
}
