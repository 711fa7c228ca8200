package org.vigie.alerting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.vigie.alerting.email.EmailSettings;
import org.vigie.alerting.email.EmailSettingsReader;
import org.vigie.alerting.notify.NotifySettings;
import org.vigie.alerting.notify.NotifySettingsReader;
import org.vigie.alerting.secrets.ConfigSecrets;
import org.vigie.alerting.sms.SmsSettings;
import org.vigie.alerting.sms.SmsSettingsReader;
import org.vigie.alerting.ticket.HelpdeskSettings;
import org.vigie.alerting.ticket.HelpdeskSettingsReader;
import org.vigie.alerting.webhook.WebhookSettings;
import org.vigie.alerting.webhook.WebhookSettingsReader;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Origin;

/**
 * The whole {@code alerting:} section: rules, muting, notification, and the channels that are
 * configured (an absent channel is empty: its messages wait in the outbox until it is).
 */
public record AlertingSettings(
    AlertRules rules,
    MuteSchedule mutes,
    NotifySettings notification,
    Optional<EmailSettings> email,
    Optional<SmsSettings> sms,
    Optional<WebhookSettings> webhook,
    Optional<HelpdeskSettings> helpdesk) {

  /** The keys of {@code alerting:}, each read by one feature. */
  public static final String[] KEYS = {
    "rules",
    "flapping",
    "upstream",
    "maintenance",
    "silences", // incidents
    "routes",
    "rota",
    "notify",
    "email",
    "grafana-url", // notification
    "sms",
    "webhook", // channels
    "helpdesk"
  };

  /** Built-in rules, no muting, no routes, no channel. */
  public static AlertingSettings defaults() {
    return new AlertingSettings(
        AlertRules.defaults(),
        MuteSchedule.none(),
        NotifySettingsReader.read(
            ConfigNode.empty("alerting", new Origin("(defaults)", 1, 1), new ArrayList<>())),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Reads the section; every problem goes to the node's sink, with its position.
   *
   * @param inventory for the references of maintenance windows; null when the inventory itself
   *     failed (windows are then not read: the configuration is refused anyway)
   * @param configDir the configuration file's folder, for {@code *-file} secrets
   * @param env the process environment, for {@code *-env} secrets
   */
  public static AlertingSettings read(
      ConfigNode alerting, Inventory inventory, Path configDir, Map<String, String> env) {
    alerting.allowKeys(KEYS);
    ConfigSecrets secrets = new ConfigSecrets(configDir, env);
    return new AlertingSettings(
        AlertRules.read(alerting),
        inventory == null ? MuteSchedule.none() : MuteSchedule.read(alerting, inventory),
        NotifySettingsReader.read(alerting),
        new EmailSettingsReader(configDir, env).read(alerting),
        new SmsSettingsReader(secrets).read(alerting),
        new WebhookSettingsReader(secrets).read(alerting),
        new HelpdeskSettingsReader(configDir, env).read(alerting));
  }
}
