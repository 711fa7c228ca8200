package org.vigie.alerting.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * What the lifecycle tests need of a GLPI double, whichever API it serves ({@link GlpiDouble}: v1,
 * {@link GlpiV2Double}: the high-level API). Stored items use GLPI's database column names ({@code
 * status}, {@code entities_id}, {@code itilcategories_id}, {@code items_id}…), whatever the API
 * shows of them.
 */
interface GlpiFake {
  URI url();

  /** Settings with this double's credentials and defaults elsewhere. */
  HelpdeskSettings settings();

  List<JsonObject> tickets();

  List<JsonObject> followUps(int ticketId);

  List<JsonObject> solutions(int ticketId);

  /** The ticket's requesters' user ids. */
  List<Integer> requesterIds(int ticketId);

  /** The assets linked to the ticket ({@code itemtype}, {@code items_id}). */
  List<JsonObject> linkedItems(int ticketId);

  /** Ticket create requests received, answered or not. */
  int createRequests();

  /** Every request line received. */
  List<String> requests();

  void down(boolean isDown);

  void failNext(int n, int status);

  void dropReplyAfterNextCreate();

  /** Ends every session or access token, as their lifetime does. */
  void expireCredentials();

  /** Every secret Vigie holds or was handed: none may appear in a log or an error. */
  Set<String> secrets();

  Future<Void> stop();
}
