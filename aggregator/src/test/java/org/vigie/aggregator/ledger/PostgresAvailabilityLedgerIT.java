package org.vigie.aggregator.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigie.aggregator.PostgresServer;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;

/**
 * The same ledger tests on PostgreSQL: a cluster of its own started by the test (Debian package
 * {@code postgresql}), one database per test. Runs as root (CI) or as any user: as root the server
 * runs as the {@code postgres} OS user.
 */
class PostgresAvailabilityLedgerIT extends AvailabilityLedgerContract {
  private static PostgresServer server;

  @BeforeAll
  static void startPostgres() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected StoreOptions newDatabase() {
    return new StoreOptions()
        .setUrl(server.createDatabase())
        .setUsername(server.user())
        .setPassword("")
        .setPoolSize(2);
  }

  @Test
  void postgresStore_saysItIsPostgres() {
    assertThat(store.dialect()).isEqualTo(StateStore.Dialect.POSTGRESQL);
  }
}
