package org.vigie.aggregator.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;

/** The ledger on an SQLite file in a temporary folder (the default store). */
class SqliteAvailabilityLedgerTest extends AvailabilityLedgerContract {
  @TempDir Path dir;

  @Override
  protected StoreOptions newDatabase() {
    // A folder that does not exist yet: the store creates it, as for ./data/vigie.db.
    return new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("data/vigie.db"));
  }

  @Test
  void sqliteStore_isAFileInWalMode_withFullSync_andABusyTimeout() throws Exception {
    assertThat(store.dialect()).isEqualTo(StateStore.Dialect.SQLITE);
    assertThat(Files.isRegularFile(dir.resolve("data/vigie.db"))).isTrue();
    List<String> pragmas =
        await(
            store.withConnection(
                c -> {
                  try (Statement s = c.createStatement()) {
                    return List.of(
                        one(s, "PRAGMA journal_mode"),
                        one(s, "PRAGMA synchronous"),
                        one(s, "PRAGMA busy_timeout"));
                  }
                }));
    // synchronous 2 is FULL.
    assertThat(pragmas).containsExactly("wal", "2", "5000");
  }

  private static String one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
