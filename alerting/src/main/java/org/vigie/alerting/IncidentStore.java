package org.vigie.alerting;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigie.aggregator.StateStore;
import org.vigie.alerting.incident.JdbcIncidentStore;
import org.vigie.alerting.mute.MuteWindow;

/**
 * Incidents and their timelines in the {@link StateStore} (tables {@code incident}, {@code
 * incident_event}), and the silences added at run time (table {@code silence}).
 */
public interface IncidentStore {

  static IncidentStore of(StateStore store) {
    return new JdbcIncidentStore(store);
  }

  /** An incident as stored, with the sequence number of its last event. */
  record Stored(Incident incident, long lastSeq) {}

  /**
   * One change of one incident: its state after, and the events that led there (sequence numbers
   * continue from the stored {@code lastSeq}).
   *
   * @param created the incident is new (insert rather than update)
   */
  record Change(Incident incident, boolean created, List<IncidentEvent> events) {
    public Change {
      events = List.copyOf(events);
    }
  }

  /** Incidents not resolved. */
  Future<List<Stored>> live();

  /** The last incident of each fingerprint resolved at or after {@code after} (to reopen). */
  Future<List<Stored>> resolvedSince(Instant after);

  /** Writes changes and their events in one transaction. */
  Future<Void> write(List<Change> changes);

  Future<Optional<Incident>> incident(String id);

  /** The incident's events in order, each carrying the incident as it is now. */
  Future<List<IncidentEvent>> timeline(String id);

  /** Incidents opened in {@code [from, to)}, oldest first. */
  Future<List<Incident>> openedBetween(Instant from, Instant to);

  /** Run-time silences not yet over at {@code now}. */
  Future<List<MuteWindow>> silences(Instant now);

  Future<Void> addSilence(MuteWindow silence, String createdBy);

  /** Whether there was one. */
  Future<Boolean> removeSilence(String id);
}
