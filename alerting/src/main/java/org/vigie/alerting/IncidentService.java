package org.vigie.alerting;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigie.alerting.mute.Matcher;
import org.vigie.alerting.mute.MuteWindow;

/**
 * What people (and later the HTTP API) do with incidents. Every change is stored with its timeline
 * event in one transaction, then published on {@link IncidentEvent#ADDRESS}. Callable from any
 * thread; the futures complete on the incident verticle's context.
 */
public interface IncidentService {

  /** Takes an open incident; fails if it is not open or already acknowledged. */
  Future<Incident> acknowledge(String incidentId, String user, String comment);

  /** Adds a note to an open incident's timeline (or one resolved within the flap window). */
  Future<Incident> note(String incidentId, String user, String text);

  /**
   * Resolves an open incident by hand; it is not reopened until its cause has cleared once (a
   * recurrence after that reopens it within the flap window as usual).
   */
  Future<Incident> resolve(String incidentId, String user, String comment);

  /**
   * Puts an escalation of the notification stage on the incident's timeline: event {@link
   * IncidentEvent.Type#ESCALATED} by {@code vigie}, detail {@code step <n>: <to>}, at {@code at}
   * (when it was decided). Once per step: a step already on the timeline is not added again
   * (deliveries are at least once). Completes with whether it was added (false too when the
   * incident is neither open nor resolved within the flap window).
   *
   * @param to who was told and how, e.g. {@code e-mail to Chloé (chloe@dsi.example)}
   */
  Future<Boolean> escalated(String incidentId, int step, String to, Instant at);

  /** Open and acknowledged incidents. */
  Future<List<Incident>> openIncidents();

  Future<Optional<Incident>> incident(String incidentId);

  /** The incident's events, oldest first. */
  Future<List<IncidentEvent>> timeline(String incidentId);

  /**
   * Silences what {@code matcher} covers over {@code [start, end)} (stored in table {@code
   * silence}, kept over restarts); returns the silence's id.
   */
  Future<String> silence(Matcher matcher, Instant start, Instant end, String user, String comment);

  /** Ends a run-time silence now; whether there was one. */
  Future<Boolean> removeSilence(String silenceId);

  /**
   * The maintenance windows of the configuration, then the run-time silences (ended ones included
   * until they are removed or Vigie restarts).
   */
  List<MuteWindow> muteWindows();
}
