package org.vigie.alerting.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.aggregator.Secret;

/** The SMPP provider against jsmpp's server side on 127.0.0.1. */
@Timeout(60)
class SmppSmsProviderTest {
  private static final String PASSWORD = "Pa55w0rd";
  private final SmsEncoding encoding = new SmsEncoding(false);
  private Vertx vertx;
  private SmscDouble smsc;
  private SmppSmsProvider provider;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    smsc = new SmscDouble("vigie", PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    if (provider != null) {
      await(provider.close());
    }
    smsc.close();
    await(vertx.close());
  }

  private SmppSmsProvider provider(String password, SmsSettings.LongMessages mode) {
    provider =
        new SmppSmsProvider(
            vertx,
            new SmsSettings.Smpp(
                "127.0.0.1",
                smsc.port(),
                "vigie",
                Secret.of(password),
                "",
                mode,
                Duration.ofMillis(200),
                Duration.ofSeconds(5)));
    return provider;
  }

  private SmsMessage sms(String text) {
    return new SmsMessage("+33612345678", "Vigie", encoding.encode(text), "inc-1@1#3#sms");
  }

  @Test
  void aShortFrenchText_goesAsOneGsm7SubmitSm() throws Exception {
    SmsReceipt receipt =
        await(provider(PASSWORD, SmsSettings.LongMessages.UDH).send(sms("Lien coupé à l'école")));

    assertThat(receipt.segments()).isEqualTo(1);
    assertThat(receipt.ids()).hasSize(1);
    assertThat(smsc.submits).hasSize(1);
    SubmitSm sm = smsc.submits.get(0);
    assertThat(sm.getDataCoding()).isEqualTo((byte) 0);
    assertThat(sm.getEsmClass()).isEqualTo((byte) 0);
    assertThat(SmsEncoding.fromGsm7(sm.getShortMessage())).isEqualTo("Lien coupé à l'école");
    assertThat(sm.getDestAddress()).isEqualTo("33612345678");
    assertThat(sm.getDestAddrTon()).isEqualTo((byte) 1);
    assertThat(sm.getSourceAddr()).isEqualTo("Vigie");
    assertThat(sm.getSourceAddrTon()).isEqualTo((byte) 5);
  }

  @Test
  void aLongText_goesAsConcatenatedPartsWithUserDataHeaders() throws Exception {
    String text = "Panne fibre Lumière, 12 écoles touchées. ".repeat(8); // 328 septets
    SmsReceipt receipt = await(provider(PASSWORD, SmsSettings.LongMessages.UDH).send(sms(text)));

    assertThat(receipt.segments()).isEqualTo(3);
    assertThat(receipt.ids()).hasSize(3).doesNotHaveDuplicates();
    assertThat(smsc.submits).hasSize(3);
    StringBuilder joined = new StringBuilder();
    byte ref = smsc.submits.get(0).getShortMessage()[3];
    for (int i = 0; i < 3; i++) {
      SubmitSm sm = smsc.submits.get(i);
      byte[] m = sm.getShortMessage();
      assertThat(sm.getEsmClass()).isEqualTo((byte) 0x40);
      assertThat(sm.getDataCoding()).isEqualTo((byte) 0);
      assertThat(Arrays.copyOf(m, 6)).containsExactly(0x05, 0x00, 0x03, ref, 3, i + 1);
      assertThat(m.length - 6).isLessThanOrEqualTo(153);
      joined.append(SmsEncoding.fromGsm7(Arrays.copyOfRange(m, 6, m.length)));
    }
    assertThat(joined.toString()).isEqualTo(text);
  }

  @Test
  void anEmoji_sendsUcs2WithDataCodingEight() throws Exception {
    await(provider(PASSWORD, SmsSettings.LongMessages.UDH).send(sms("Serveur HS 🔥 école")));

    SubmitSm sm = smsc.submits.get(0);
    assertThat(sm.getDataCoding()).isEqualTo((byte) 8);
    assertThat(new String(sm.getShortMessage(), StandardCharsets.UTF_16BE))
        .isEqualTo("Serveur HS 🔥 école");
  }

  @Test
  void payloadMode_sendsTheWholeLongTextInOneSubmitSm() throws Exception {
    String text = "Ça ne répond plus — serveur de l’école ".repeat(3); // UCS-2, 117 units
    SmsReceipt receipt =
        await(provider(PASSWORD, SmsSettings.LongMessages.PAYLOAD).send(sms(text)));

    assertThat(receipt.segments()).isEqualTo(2);
    assertThat(smsc.submits).hasSize(1);
    SubmitSm sm = smsc.submits.get(0);
    assertThat(sm.getShortMessage()).isEmpty();
    assertThat(sm.getDataCoding()).isEqualTo((byte) 8);
    OptionalParameter.OctetString payload =
        (OptionalParameter.OctetString)
            sm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
    assertThat(new String(payload.getValue(), StandardCharsets.UTF_16BE)).isEqualTo(text);
  }

  @Test
  void aWrongPassword_isAPermanentFailure_thatNeverShowsThePassword() throws Exception {
    Throwable e = failure(provider("Wr0ng-pw", SmsSettings.LongMessages.UDH).send(sms("x")));

    assertThat(e).isInstanceOf(SmsException.class);
    assertThat(((SmsException) e).permanent()).isTrue();
    assertThat(e.getMessage()).contains("0xe").doesNotContain("Wr0ng-pw");
    assertThat(smsc.submits).isEmpty();
  }

  @Test
  void aThrottledSmsc_isATransientFailure() throws Exception {
    smsc.failWith = SMPPConstant.STAT_ESME_RTHROTTLED;
    Throwable e = failure(provider(PASSWORD, SmsSettings.LongMessages.UDH).send(sms("x")));

    assertThat(((SmsException) e).permanent()).isFalse();
    assertThat(e.getMessage()).contains("0x58");
  }

  @Test
  void anInvalidDestination_isAPermanentFailure() throws Exception {
    smsc.failWith = SMPPConstant.STAT_ESME_RINVDSTADR;
    Throwable e = failure(provider(PASSWORD, SmsSettings.LongMessages.UDH).send(sms("x")));

    assertThat(((SmsException) e).permanent()).isTrue();
  }

  @Test
  void aPasswordOverEightCharacters_isRefusedBeforeJsmppCanLogIt() {
    assertThatThrownBy(() -> provider("a-much-too-long-secret", SmsSettings.LongMessages.UDH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SMPP password is over 8 characters");
  }

  @Test
  void theSessionSendsEnquireLinks_whileIdle() throws Exception {
    await(provider(PASSWORD, SmsSettings.LongMessages.UDH).connect());
    waitFor(() -> smsc.enquireLinks.get() >= 3);
    assertThat(provider.isBound()).isTrue();
  }

  @Test
  void aLostSession_isBoundAgain_andTheNextSmsGoesThrough() throws Exception {
    await(provider(PASSWORD, SmsSettings.LongMessages.UDH).connect());
    assertThat(smsc.binds.get()).isEqualTo(1);

    smsc.dropSessions();
    waitFor(() -> smsc.binds.get() == 2 && provider.isBound());
    await(provider.send(sms("retour")));

    assertThat(smsc.submits).hasSize(1);
    assertThat(SmsEncoding.fromGsm7(smsc.submits.get(0).getShortMessage())).isEqualTo("retour");
  }

  @Test
  void submits_runOffTheEventLoop_soTheCallerMayBeOnOne() throws Exception {
    provider(PASSWORD, SmsSettings.LongMessages.UDH);
    SmsReceipt receipt =
        await(
            Future.<SmsReceipt>future(
                p ->
                    vertx.runOnContext(v -> provider.send(sms("depuis la boucle")).onComplete(p))));
    assertThat(receipt.ids()).hasSize(1);
    assertThat(List.copyOf(smsc.submits)).hasSize(1);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(10);
    }
  }
}
