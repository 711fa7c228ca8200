package org.vigie.reports.internal;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.aggregator.StateStore;
import org.vigie.reports.LedgerReader;

/**
 * Reads {@code ledger_interval} (schema V1) without writing: the open interval ({@code end_ms =
 * Long.MAX_VALUE}) comes back with a null end, as from the ledger.
 */
public final class JdbcLedgerReader implements LedgerReader {
  private static final int BATCH = 500;

  private final StateStore store;

  public JdbcLedgerReader(StateStore store) {
    this.store = store;
  }

  @Override
  public Future<List<LedgerInterval>> intervals(String subject, Instant from, Instant to) {
    return store.withConnection(
        c -> {
          List<LedgerInterval> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT start_ms, end_ms, state, cause FROM ledger_interval"
                      + " WHERE subject = ? AND end_ms > ? AND start_ms < ? ORDER BY start_ms")) {
            ps.setString(1, subject);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long end = rs.getLong(2);
                out.add(
                    new LedgerInterval(
                        subject,
                        Instant.ofEpochMilli(rs.getLong(1)),
                        end == Long.MAX_VALUE ? null : Instant.ofEpochMilli(end),
                        CheckState.valueOf(rs.getString(3)),
                        rs.getString(4)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Future<Set<String>> answered(Collection<String> subjects, Instant from, Instant to) {
    List<String> all = List.copyOf(subjects);
    return store.withConnection(
        c -> {
          Set<String> out = new HashSet<>();
          for (int i = 0; i < all.size(); i += BATCH) {
            List<String> part = all.subList(i, Math.min(all.size(), i + BATCH));
            String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT DISTINCT subject FROM ledger_interval WHERE subject IN ("
                        + marks
                        + ") AND state IN ('UP', 'DEGRADED') AND end_ms > ? AND start_ms < ?")) {
              int k = 1;
              for (String s : part) {
                ps.setString(k++, s);
              }
              ps.setLong(k++, from.toEpochMilli());
              ps.setLong(k, to.toEpochMilli());
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(rs.getString(1));
                }
              }
            }
          }
          return out;
        });
  }
}
