package org.vigie.alerting.ticket;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.Severity;

/**
 * The {@code alerting.helpdesk} section: which helpdesk, how to reach it, and how incidents map to
 * its entities and categories. Tokens are {@link Secret}s, so {@link #toString()} shows {@code ***}
 * for them. Read it with {@link HelpdeskSettingsReader}; see {@code docs/configuration.md}.
 *
 * @param system {@code glpi}, {@code email} (the helpdesk's mail collector) or {@code webhook}
 * @param url GLPI's base URL (the folder holding {@code apirest.php} and {@code api.php})
 * @param version GLPI API version: 1 ({@code apirest.php}) or 2 (GLPI 11 high-level API)
 * @param appToken v1 App-Token, null when the API client has none
 * @param userToken v1 user token (Authorization: user_token)
 * @param clientId v2 OAuth client id (Setup > OAuth clients)
 * @param clientSecret v2 OAuth client secret
 * @param username v2 user for the password grant, null for the client credentials grant
 * @param password v2 user's password, null for client credentials
 * @param timeout one HTTP request
 * @param minSeverity incidents less severe than this open no ticket
 * @param requesterId GLPI user id of the requester, null for none
 * @param defaultMapping entity and category when the commune has no mapping
 * @param communes entity and category per commune id
 * @param assetField the GLPI asset field matched: {@code name}, {@code serial} or {@code
 *     otherserial} (inventory number)
 * @param assetSource the Vigie device field it must equal: {@code id}, {@code name} or {@code
 *     address}
 * @param mailTo the mail collector's address ({@code system: email})
 * @param grafanaUrl Grafana's base URL for the school dashboard link, null for none
 */
public record HelpdeskSettings(
    String system,
    URI url,
    int version,
    Secret appToken,
    Secret userToken,
    String clientId,
    Secret clientSecret,
    String username,
    Secret password,
    Duration timeout,
    Severity minSeverity,
    Integer requesterId,
    Mapping defaultMapping,
    Map<String, Mapping> communes,
    String assetField,
    String assetSource,
    String mailTo,
    String grafanaUrl) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Severity DEFAULT_MIN_SEVERITY = Severity.WARNING;
  public static final String DEFAULT_ASSET_FIELD = "name";
  public static final String DEFAULT_ASSET_SOURCE = "name";

  public HelpdeskSettings {
    communes = Map.copyOf(communes);
  }

  /** A GLPI v1 helpdesk with defaults, for tests and programs. */
  public static HelpdeskSettings glpiV1(URI url, Secret appToken, Secret userToken) {
    return new HelpdeskSettings(
        "glpi",
        url,
        1,
        appToken,
        userToken,
        null,
        null,
        null,
        null,
        DEFAULT_TIMEOUT,
        DEFAULT_MIN_SEVERITY,
        null,
        new Mapping(null, null),
        Map.of(),
        DEFAULT_ASSET_FIELD,
        DEFAULT_ASSET_SOURCE,
        null,
        null);
  }

  /** A GLPI v2 (high-level API) helpdesk with defaults, for tests and programs. */
  public static HelpdeskSettings glpiV2(
      URI url, String clientId, Secret clientSecret, String username, Secret password) {
    return new HelpdeskSettings(
        "glpi",
        url,
        2,
        null,
        null,
        clientId,
        clientSecret,
        username,
        password,
        DEFAULT_TIMEOUT,
        DEFAULT_MIN_SEVERITY,
        null,
        new Mapping(null, null),
        Map.of(),
        DEFAULT_ASSET_FIELD,
        DEFAULT_ASSET_SOURCE,
        null,
        null);
  }

  /**
   * The name stored in the ticket table and returned by {@link Helpdesk#system()}: {@code glpi} for
   * GLPI's v1 API, {@code glpi-v2} for its high-level API, else {@link #system()}.
   */
  public String systemName() {
    return system.equals("glpi") && version == 2 ? "glpi-v2" : system;
  }

  /** The entity and category of a commune's tickets. */
  public Mapping mappingOf(String communeId) {
    return communeId == null ? defaultMapping : communes.getOrDefault(communeId, defaultMapping);
  }

  public HelpdeskSettings withTimeout(Duration t) {
    return new HelpdeskSettings(
        system,
        url,
        version,
        appToken,
        userToken,
        clientId,
        clientSecret,
        username,
        password,
        t,
        minSeverity,
        requesterId,
        defaultMapping,
        communes,
        assetField,
        assetSource,
        mailTo,
        grafanaUrl);
  }

  public HelpdeskSettings withMappings(
      Integer requester, Mapping def, Map<String, Mapping> byCommune, String grafana) {
    return new HelpdeskSettings(
        system,
        url,
        version,
        appToken,
        userToken,
        clientId,
        clientSecret,
        username,
        password,
        timeout,
        minSeverity,
        requester,
        def,
        byCommune,
        assetField,
        assetSource,
        mailTo,
        grafana);
  }

  /**
   * A commune's place in the helpdesk.
   *
   * @param entityId GLPI {@code entities_id}, null for the API user's default entity
   * @param categoryId GLPI {@code itilcategories_id}, null for none
   */
  public record Mapping(Integer entityId, Integer categoryId) {}
}
