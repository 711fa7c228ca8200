/**
 * Incidents by root cause (topology), alert rules, flapping, maintenance and silences,
 * acknowledgement and escalation, notification (e-mail, SMS, webhook) and helpdesk tickets (GLPI),
 * every outgoing call through the persistent outbox. The public API is at this package's root;
 * features live in sub-packages.
 */
package org.vigie.alerting;
