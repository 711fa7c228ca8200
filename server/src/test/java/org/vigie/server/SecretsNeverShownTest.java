package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.server.cli.Main;

/**
 * Passwords read from files or the environment never show: not in the settings' text, not in
 * configuration errors, not in {@code vigie check}'s output.
 */
class SecretsNeverShownTest {
  private static final String STORE_SECRET = "pg-S3cr3t-do-not-show";
  private static final String INFLUX_SECRET = "influx-S3cr3t-do-not-show";

  @TempDir Path dir;

  private Path config(String extra) throws Exception {
    Files.writeString(dir.resolve("store.password"), STORE_SECRET + "\n");
    Path file = dir.resolve("vigie.yaml");
    Files.writeString(
        file,
        """
        vigie:
          store:
            url: jdbc:postgresql://127.0.0.1:5432/vigie
            username: vigie
            password-file: store.password
          influx:
            username: vigie
            password-env: VIGIE_INFLUX_PASSWORD
        communes:
          - id: c
            name: C
        schools:
          - id: s
            name: S
            commune: c
            link: {type: fibre, address: 127.0.0.10}
        """
            + extra);
    return file;
  }

  @Test
  void settingsRead_holdTheSecrets_butTheirTextDoesNot() throws Exception {
    Configuration c =
        Configuration.load(config(""), Map.of("VIGIE_INFLUX_PASSWORD", INFLUX_SECRET));
    assertThat(c.settings().store().getPassword()).isEqualTo(STORE_SECRET);
    assertThat(c.settings().toString()).doesNotContain(STORE_SECRET, INFLUX_SECRET);
  }

  @Test
  void configurationErrors_nameTheSecretFile_neverItsContent() throws Exception {
    Path file = config("    devices:\n      - {id: x, kind: phone, address: 127.0.0.11}\n");
    assertThatThrownBy(
            () -> Configuration.load(file, Map.of("VIGIE_INFLUX_PASSWORD", INFLUX_SECRET)))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).problems().toString())
                    .contains("unknown device kind 'phone'")
                    .doesNotContain(STORE_SECRET, INFLUX_SECRET));
  }

  @Test
  void checkCommand_printsNoSecret_validOrNot() throws Exception {
    for (String extra : new String[] {"", "    devices: [{id: x, kind: phone, address: a}]\n"}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      Main.execute(
          new PrintWriter(out, true),
          new PrintWriter(err, true),
          "check",
          "--config",
          config(extra).toString());
      assertThat(out.toString() + err.toString()).doesNotContain(STORE_SECRET);
    }
  }

  @Test
  void missingPasswordFile_isAnErrorNamingTheFile() throws Exception {
    Path file = config("");
    Files.delete(dir.resolve("store.password"));
    assertThatThrownBy(
            () -> Configuration.load(file, Map.of("VIGIE_INFLUX_PASSWORD", INFLUX_SECRET)))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).problems().getFirst().toString())
                    .contains("vigie.store.password-file")
                    .contains("password file not found: " + dir.resolve("store.password")));
  }
}
