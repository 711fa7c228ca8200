package org.vigie.reports;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.aggregator.LedgerView;
import org.vigie.aggregator.StateStore;

/**
 * What reports read from the availability ledger. Inside the running server it is the {@link
 * AvailabilityLedger} itself ({@link #of}); a separate process (the {@code vigie report} command)
 * must not open the ledger, whose opening closes the open intervals of the previous run, so it
 * reads the same table without writing ({@link #readOnly}).
 */
public interface LedgerReader {

  /** The subject's intervals overlapping {@code [from, to)}, oldest first, not clipped. */
  Future<List<LedgerInterval>> intervals(String subject, Instant from, Instant to);

  /** Those of {@code subjects} that were UP or DEGRADED at some time in {@code [from, to)}. */
  Future<Set<String>> answered(Collection<String> subjects, Instant from, Instant to);

  /** The running ledger, or any view of its table. */
  static LedgerReader of(LedgerView ledger) {
    return new LedgerReader() {
      @Override
      public Future<List<LedgerInterval>> intervals(String subject, Instant from, Instant to) {
        return ledger.intervals(subject, from, to);
      }

      @Override
      public Future<Set<String>> answered(Collection<String> subjects, Instant from, Instant to) {
        return ledger
            .availability(subjects, from, to)
            .map(
                m ->
                    m.entrySet().stream()
                        .filter(e -> e.getValue().available().isPositive())
                        .map(java.util.Map.Entry::getKey)
                        .collect(java.util.stream.Collectors.toSet()));
      }
    };
  }

  /** The ledger table of {@code store}, read only (open intervals count until now). */
  static LedgerReader readOnly(StateStore store) {
    return of(LedgerView.readOnly(store, Clock.systemUTC()));
  }
}
