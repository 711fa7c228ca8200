package org.vigie.alerting;

import java.time.Instant;

/**
 * Something happened to an incident; published on {@link #ADDRESS} after it is stored (the
 * incident's timeline, table {@code incident_event}). Notifiers and the helpdesk feature consume
 * these; each event has a per-incident sequence number, so that consumers derive idempotency keys
 * ({@code <incident id>#<seq>}) that survive a restart.
 *
 * @param seq 1 for OPENED, then increasing by one per event of the same incident
 * @param incident the incident as it is after this event
 * @param actor who caused it: {@code vigie} for automatic events, a user name for acknowledgements
 *     and notes
 * @param detail human text: the devices added, the note, the escalation target
 */
public record IncidentEvent(
    Type type, long seq, Incident incident, Instant at, String actor, String detail) {

  /** The event-bus address incident events are published on. */
  public static final String ADDRESS = "vigie.incidents";

  /** What happened. */
  public enum Type {
    /** The incident opened (its for-duration elapsed). */
    OPENED,
    /** More or fewer devices are affected, or the cause text changed. */
    UPDATED,
    /** Someone took it. */
    ACKNOWLEDGED,
    /** Not acknowledged in time: the next person (or SMS) is told. */
    ESCALATED,
    /** A note from a person or the API. */
    NOTE,
    /** The subject started flapping: one notice, then quiet. */
    FLAPPING,
    /** The subject stopped flapping. */
    SETTLED,
    /** A maintenance window or silence started covering it. */
    MUTED,
    /** No longer muted. */
    UNMUTED,
    /** The cause recovered. */
    RESOLVED,
    /** The same cause came back within the flap window: the same incident (and ticket) reopens. */
    REOPENED
  }
}
