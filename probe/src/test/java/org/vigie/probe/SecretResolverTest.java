package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class SecretResolverTest {
  @TempDir Path dir;
  private Vertx vertx;
  private final AtomicLong now = new AtomicLong();
  private SecretResolver secrets;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    secrets =
        new SecretResolver(
            vertx,
            Map.of("VIGIE_SNMP", "c0mmunaute", "EMPTY", ""),
            now::get,
            Duration.ofSeconds(60));
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private static String failure(Future<String> f) {
    try {
      String value = f.await();
      throw new AssertionError("expected a failure, got a value of " + value.length() + " chars");
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable e) {
      return e.getMessage();
    }
  }

  @Test
  void fileReference_isTheFirstLineTrimmed() throws Exception {
    Path file = Files.writeString(dir.resolve("ftp.password"), "  Tr3s-Secret! \r\nsecond line\n");

    assertThat(secrets.resolve("file:" + file).await()).isEqualTo("Tr3s-Secret!");
  }

  @Test
  void fileSecret_isKeptSixtySeconds_thenReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("ftp.password"), "ancien");
    assertThat(secrets.resolve("file:" + file).await()).isEqualTo("ancien");

    Files.writeString(file, "nouveau");
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(secrets.resolve("file:" + file).await()).isEqualTo("ancien");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(secrets.resolve("file:" + file).await()).isEqualTo("nouveau");
  }

  @Test
  void missingFile_failsNamingThePath_andIsLookedForAgainAtOnce() throws Exception {
    Path file = dir.resolve("absent.password");

    assertThat(failure(secrets.resolve("file:" + file)))
        .isEqualTo("secret file " + file + " not found");
    Files.writeString(file, "enfin");
    assertThat(secrets.resolve("file:" + file).await()).isEqualTo("enfin");
  }

  @Test
  void emptyFile_failsNamingThePath() throws Exception {
    Path file = Files.writeString(dir.resolve("empty.password"), " \nsecond\n");

    assertThat(failure(secrets.resolve("file:" + file)))
        .isEqualTo("secret file " + file + " is empty");
  }

  @Test
  void envReference_isTheVariableOfTheGivenEnvironment() {
    assertThat(secrets.resolve("env:VIGIE_SNMP").await()).isEqualTo("c0mmunaute");
    assertThat(failure(secrets.resolve("env:PATH")))
        .isEqualTo("environment variable PATH is not set");
    assertThat(failure(secrets.resolve("env:EMPTY")))
        .isEqualTo("environment variable EMPTY is empty");
  }

  @Test
  void valueThatIsNoReference_failsWithoutQuotingIt() {
    for (String bad : new String[] {"Hunter2", "file:", "env:1X", "env:A-B"}) {
      assertThat(failure(secrets.resolve(bad)))
          .as(bad)
          .isEqualTo("not a secret reference (file:/path/to/file or env:NAME)");
    }
  }

  @Test
  void withinTheCacheTime_theFileIsNotReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("ftp.password"), "garde");
    assertThat(secrets.resolve("file:" + file).await()).isEqualTo("garde");
    Files.delete(file);

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(secrets.resolve("file:" + file).await()).isEqualTo("garde");
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(failure(secrets.resolve("file:" + file)))
        .isEqualTo("secret file " + file + " not found");
  }
}
