package org.vigie.alerting.ticket;

/**
 * A device as the helpdesk's inventory knows it: GLPI finds it by {@code itemtype} and one of its
 * fields (name, serial or inventory number) equal to {@code value}.
 *
 * @param itemtype {@code Computer}, {@code NetworkEquipment} or {@code Printer}
 * @param deviceKey the Vigie device key ({@code school/device}), for messages
 * @param value the value of the matched field
 */
public record Asset(String itemtype, String deviceKey, String value) {}
