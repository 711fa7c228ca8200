package org.vigie.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.alerting.IncidentEvent.Type.OPENED;
import static org.vigie.alerting.IncidentEvent.Type.RESOLVED;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.PostgresServer;
import org.vigie.aggregator.StoreOptions;

/**
 * The incident lifecycle on PostgreSQL (Debian package {@code postgresql}; as root the server runs
 * as the {@code postgres} OS user): open, restart, resolve the same incident.
 */
@Timeout(120)
class PostgresIncidentIT {
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

  @Test
  void incidentOpenedBeforeARestart_isResolvedAfterIt_onPostgres() throws Exception {
    StoreOptions options =
        new StoreOptions()
            .setUrl(server.createDatabase())
            .setUsername(server.user())
            .setPassword("")
            .setPoolSize(2);
    try (IncidentHarness h =
        new IncidentHarness(
            Estate.schools(1, "Orange"), options, AlertRules.defaults(), MuteSchedule.none())) {
      h.at(Duration.ZERO);
      h.down("s1/router/link", "s1/router/admin");
      h.state("s1/switch/ping", CheckState.UP, CheckState.UNREACHABLE);
      h.at(Duration.ofMinutes(2));
      h.settle();
      assertThat(h.types()).containsExactly(OPENED);
      String id = h.events.getFirst().incident().id();
      assertThat(h.events.getFirst().incident().affected())
          .containsExactly("s1/router", "s1/switch");

      h.stop();
      h.start();
      h.at(Duration.ofMinutes(5));
      h.state("s1/router/link", CheckState.UNKNOWN, CheckState.UP);
      h.state("s1/router/admin", CheckState.UNKNOWN, CheckState.UP);
      h.settle();
      assertThat(h.types()).containsExactly(OPENED, RESOLVED);
      assertThat(h.events.getLast().incident().id()).isEqualTo(id);
      h.assertStoredTimelineMatchesPublished();
    }
  }
}
