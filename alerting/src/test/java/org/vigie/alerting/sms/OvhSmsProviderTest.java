package org.vigie.alerting.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.alerting.sms.SmppSmsProviderTest.await;
import static org.vigie.alerting.sms.SmppSmsProviderTest.failure;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.aggregator.Secret;

/** The OVHcloud provider against a local double that verifies OVH's request signature. */
@Timeout(30)
class OvhSmsProviderTest {
  private static final String AK = "7kbG7Bk7S9Nt7ZSV";
  private static final String AS = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
  private static final String CK = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
  private Vertx vertx;
  private OvhApiDouble ovh;
  private OvhSmsProvider provider;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    // OVH's clock runs 5 minutes ahead of ours: only the /auth/time offset makes requests valid.
    ovh = await(new OvhApiDouble(AK, AS, CK, "sms-ab12345-1", 300).start(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    if (provider != null) {
      await(provider.close());
    }
    await(ovh.stop());
    await(vertx.close());
  }

  private OvhSmsProvider provider(String applicationSecret) {
    provider =
        new OvhSmsProvider(
            vertx,
            new SmsSettings.Ovh(
                ovh.endpoint(),
                "sms-ab12345-1",
                AK,
                Secret.of(applicationSecret),
                Secret.of(CK),
                true,
                "high",
                2880,
                Duration.ofSeconds(5)),
            Clock.systemUTC());
    return provider;
  }

  private static SmsMessage sms(String to, String text) {
    return new SmsMessage(to, "VIGIE", new SmsEncoding(false).encode(text), "inc-7@1#2#sms");
  }

  @Test
  void aSignedJob_isAccepted_withTheDocumentedBody() throws Exception {
    SmsReceipt receipt = await(provider(AS).send(sms("+33612345678", "Lien coupé à l'école")));

    assertThat(receipt.provider()).isEqualTo("ovh");
    assertThat(receipt.ids()).containsExactly("27814657");
    assertThat(receipt.segments()).isEqualTo(1);
    JsonObject job = ovh.jobs.get(0);
    assertThat(job.getString("message")).isEqualTo("Lien coupé à l'école");
    assertThat(job.getJsonArray("receivers")).isEqualTo(new JsonArray().add("+33612345678"));
    assertThat(job.getString("sender")).isEqualTo("VIGIE");
    assertThat(job.getString("coding")).isEqualTo("7bit");
    assertThat(job.getString("charset")).isEqualTo("UTF-8");
    assertThat(job.getBoolean("noStopClause")).isTrue();
    assertThat(job.getString("priority")).isEqualTo("high");
    assertThat(job.getInteger("validityPeriod")).isEqualTo(2880);
  }

  @Test
  void theClockOffset_isReadOnce_fromAuthTime() throws Exception {
    provider(AS);
    await(provider.send(sms("+33612345678", "un")));
    await(provider.send(sms("+33612345679", "deux")));

    assertThat(ovh.requests.stream().filter(r -> r.path().endsWith("/auth/time")).count())
        .isEqualTo(1);
    assertThat(ovh.jobs).hasSize(2);
  }

  @Test
  void anEmoji_isSentWithEightBitCoding() throws Exception {
    await(provider(AS).send(sms("+33612345678", "Serveur HS 🔥")));
    assertThat(ovh.jobs.get(0).getString("coding")).isEqualTo("8bit");
  }

  @Test
  void aWrongApplicationSecret_isRefusedAsAnInvalidSignature_permanently() throws Exception {
    Throwable e = failure(provider("not-the-secret").send(sms("+33612345678", "x")));

    assertThat(e).isInstanceOf(SmsException.class);
    assertThat(((SmsException) e).permanent()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo("OVHcloud API answered HTTP 403: INVALID_SIGNATURE Invalid signature");
    assertThat(ovh.jobs).isEmpty();
  }

  @Test
  void aReceiverOvhCallsInvalid_isAPermanentFailure() throws Exception {
    Throwable e = failure(provider(AS).send(sms("+4412345", "x")));

    assertThat(((SmsException) e).permanent()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo("OVHcloud refused the receiver +4412345 (invalidReceivers [\"+4412345\"])");
  }

  @Test
  void anUnreachableApi_isATransientFailure() throws Exception {
    String endpoint = ovh.endpoint();
    await(ovh.stop());
    provider =
        new OvhSmsProvider(
            vertx,
            new SmsSettings.Ovh(
                endpoint,
                "sms-ab12345-1",
                AK,
                Secret.of(AS),
                Secret.of(CK),
                true,
                "high",
                2880,
                Duration.ofSeconds(2)),
            Clock.systemUTC());
    Throwable e = failure(provider.send(sms("+33612345678", "x")));

    assertThat(((SmsException) e).permanent()).isFalse();
    assertThat(e.getMessage()).startsWith("OVHcloud API " + endpoint + " unreachable");
    ovh = await(new OvhApiDouble(AK, AS, CK, "sms-ab12345-1", 0).start(vertx));
  }

  @Test
  void theSignature_followsTheDocumentedFormula() {
    // Hand-computed: printf '%s' 'AS+CK+GET+https://eu.api.ovh.com/1.0/sms++1700000000' | sha1sum
    assertThat(
            OvhSmsProvider.signature(
                "AS", "CK", "GET", "https://eu.api.ovh.com/1.0/sms", "", "1700000000"))
        .isEqualTo("$1$" + sha1("AS+CK+GET+https://eu.api.ovh.com/1.0/sms++1700000000"));
  }

  private static String sha1(String s) {
    try {
      Process p = new ProcessBuilder("sha1sum").start();
      p.getOutputStream().write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      p.getOutputStream().close();
      return new String(p.getInputStream().readAllBytes()).split(" ")[0];
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
