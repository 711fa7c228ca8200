package org.vigie.aggregator;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.vigie.aggregator.ledger.JdbcAvailabilityLedger;

/**
 * The reads of the availability ledger. The running ledger is one ({@link AvailabilityLedger});
 * {@link #readOnly} gives the same reads over the table to a process that must not open the ledger
 * (opening it closes the intervals left open by the previous run, which would cut a live server's
 * intervals short), such as {@code vigie report}.
 */
public interface LedgerView {

  /** Time in each state of one subject over {@code [from, to)}. */
  Future<Availability> availability(String subject, Instant from, Instant to);

  /**
   * The same for many subjects, in one query per 500 subjects. Every subject asked for is in the
   * answer (all UNKNOWN if the ledger has nothing on it); open intervals count until now.
   */
  Future<Map<String, Availability>> availability(
      Collection<String> subjects, Instant from, Instant to);

  /** The subject's intervals overlapping {@code [from, to)}, oldest first, not clipped. */
  Future<List<LedgerInterval>> intervals(String subject, Instant from, Instant to);

  /** The ledger table of {@code store}, read without writing anything. */
  static LedgerView readOnly(StateStore store, Clock clock) {
    return JdbcAvailabilityLedger.view(store, clock);
  }
}
