package org.vigie.aggregator;

/** What the spool gives up when it is full; either way every lost point is counted. */
public enum SpoolFullPolicy {
  /**
   * Delete the oldest segment to make room (the default): during a long outage the most recent
   * hours, the ones an engineer looks at first, survive.
   */
  DROP_OLDEST,
  /** Refuse the new points: the start of the outage, the part that explains it, survives. */
  DROP_NEWEST
}
