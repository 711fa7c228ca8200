package org.vigie.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;

@Timeout(30)
class JdbcStateStoreTest {

  @Test
  void aUrlOfAnotherDatabase_failsWithTheAcceptedSchemes_andNoPassword() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var open =
          StateStore.open(
              vertx, new StoreOptions().setUrl("jdbc:mysql://db/vigie?password=hunter2"));
      assertThatThrownBy(
              () -> open.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .hasMessage(
              "vigie.store.url must start with jdbc:sqlite: or jdbc:postgresql:, got:"
                  + " jdbc:mysql://db/vigie?password=***");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void options_neverShowThePassword() {
    StoreOptions o =
        new StoreOptions()
            .setUrl("jdbc:postgresql://127.0.0.1/vigie")
            .setUsername("vigie")
            .setPassword("hunter2");

    assertThat(o.toString())
        .isEqualTo(
            "StoreOptions{url=jdbc:postgresql://127.0.0.1/vigie, username=vigie, password=***,"
                + " poolSize=4}");
    assertThat(new StoreOptions(o).getPassword()).isEqualTo("hunter2");
  }

  @Test
  void defaults_areAnSqliteFileUnderData_andFourConnections() {
    StoreOptions o = new StoreOptions();

    assertThat(o.getUrl()).isEqualTo("jdbc:sqlite:./data/vigie.db");
    assertThat(o.getPoolSize()).isEqualTo(4);
    assertThat(JdbcStateStore.dialectOf(o.getUrl())).isEqualTo(StateStore.Dialect.SQLITE);
  }

  @Test
  void aPoolOfNoConnection_isRefused() {
    assertThatThrownBy(() -> new StoreOptions().setPoolSize(0))
        .hasMessage("pool-size must be at least 1, got 0");
  }
}
