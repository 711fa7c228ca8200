package org.vigie.alerting.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS to an operator's SMSC over SMPP 3.4 with jsmpp, bound as a transmitter. GSM-7 texts go
 * with data_coding 0 (SMSC default alphabet, one septet per octet), others with data_coding 8
 * (UCS-2, UTF-16BE). A text over one segment goes as concatenated parts with an 8-bit-reference
 * user data header (esm_class 0x40), or whole in message_payload, as configured.
 *
 * <p>jsmpp blocks, so every bind and submit runs on the one-thread {@code vigie-smpp} worker pool
 * (one thread also keeps the parts of a message in order). The session sends enquire_link at the
 * configured interval; when it is lost it is bound again in the background with backoff (1 s
 * doubling to 1 min), and in any case before the next submit.
 */
public final class SmppSmsProvider implements SmsProvider {
  private static final Logger LOG = LoggerFactory.getLogger(SmppSmsProvider.class);
  private static final Pattern NUMBER = Pattern.compile("\\+?\\d{1,20}");
  private static final long MAX_BACKOFF_MS = 60_000;

  /** SMPP 3.4 limits (C-Octet strings of 16 and 9 octets with the terminating NUL). */
  public static final int MAX_SYSTEM_ID = 15;

  public static final int MAX_PASSWORD = 8;
  // The SMSC is busy or down for a while: worth retrying later.
  private static final Set<Integer> TRANSIENT_STATUS =
      Set.of(
          SMPPConstant.STAT_ESME_RSYSERR,
          SMPPConstant.STAT_ESME_RMSGQFUL,
          SMPPConstant.STAT_ESME_RTHROTTLED,
          SMPPConstant.STAT_ESME_RX_T_APPN,
          SMPPConstant.STAT_ESME_RSUBMITFAIL);

  private final Vertx vertx;
  private final SmsSettings.Smpp settings;
  private final WorkerExecutor worker;
  // Touched only on the single worker thread, except the volatile flags.
  private SMPPSession session;
  private volatile boolean closed;
  private volatile long backoffMs = 1000;

  /**
   * @throws IllegalArgumentException if the system id is over 15 characters or the password over 8
   *     (SMPP 3.4's limits; jsmpp would otherwise log the refused value, password included)
   */
  public SmppSmsProvider(Vertx vertx, SmsSettings.Smpp settings) {
    if (settings.systemId().length() > MAX_SYSTEM_ID) {
      throw new IllegalArgumentException("SMPP system-id is over " + MAX_SYSTEM_ID + " characters");
    }
    if (settings.password() != null && settings.password().reveal().length() > MAX_PASSWORD) {
      throw new IllegalArgumentException("SMPP password is over " + MAX_PASSWORD + " characters");
    }
    this.vertx = vertx;
    this.settings = settings;
    this.worker = vertx.createSharedWorkerExecutor("vigie-smpp", 1);
  }

  @Override
  public String kind() {
    return "smpp";
  }

  @Override
  public Future<SmsReceipt> send(SmsMessage message) {
    if (closed) {
      return Future.failedFuture(SmsException.temporary("SMPP provider closed"));
    }
    return worker.executeBlocking(() -> submit(message), true);
  }

  /** Binds now (it is otherwise done before the first submit), so a wrong password shows early. */
  public Future<Void> connect() {
    return worker.executeBlocking(
        () -> {
          bound();
          return null;
        },
        true);
  }

  /** Whether the session is bound right now. */
  public boolean isBound() {
    SMPPSession s = session;
    return s != null && s.getSessionState().isBound();
  }

  private SmsReceipt submit(SmsMessage message) {
    SMPPSession s = bound();
    SmsEncoding.Encoded body = message.body();
    boolean gsm = body.alphabet() == SmsEncoding.Alphabet.GSM7;
    GeneralDataCoding coding =
        new GeneralDataCoding(gsm ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2);
    Address source = source(message.from());
    Address dest = destination(message.to());
    List<String> ids = new ArrayList<>();
    try {
      if (body.segments() == 1) {
        ids.add(submit(s, source, dest, new ESMClass(), coding, bytes(body.text(), gsm)));
      } else if (settings.longMessages() == SmsSettings.LongMessages.PAYLOAD) {
        OptionalParameter payload =
            new OptionalParameter.OctetString(
                OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), bytes(body.text(), gsm));
        ids.add(submit(s, source, dest, new ESMClass(), coding, new byte[0], payload));
      } else {
        // The same reference for the same outbox message: a handset joins a resent set.
        byte ref = (byte) message.reference().hashCode();
        ESMClass udhi =
            new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI);
        int total = body.segments();
        for (int i = 0; i < total; i++) {
          byte[] text = bytes(body.parts().get(i), gsm);
          byte[] sm = new byte[6 + text.length];
          sm[0] = 0x05; // UDH length
          sm[1] = 0x00; // IEI: concatenated short messages, 8-bit reference
          sm[2] = 0x03; // IE length
          sm[3] = ref;
          sm[4] = (byte) total;
          sm[5] = (byte) (i + 1);
          System.arraycopy(text, 0, sm, 6, text.length);
          ids.add(submit(s, source, dest, udhi, coding, sm));
        }
      }
    } catch (NegativeResponseException e) {
      int status = e.getCommandStatus();
      String why = "SMSC refused submit_sm with status 0x" + Integer.toHexString(status);
      throw TRANSIENT_STATUS.contains(status)
          ? SmsException.temporary(why)
          : SmsException.permanent(why);
    } catch (PDUException e) {
      throw SmsException.permanent("SMS cannot be encoded as SMPP: " + e.getMessage());
    } catch (IOException | RuntimeException | org.jsmpp.InvalidResponseException e) {
      // Timeouts, a broken connection: drop the session so the next attempt binds afresh.
      drop();
      throw SmsException.temporary(
          "SMPP submit to " + settings.host() + ":" + settings.port() + " failed: " + e, e);
    } catch (org.jsmpp.extra.ResponseTimeoutException e) {
      drop();
      throw SmsException.temporary(
          "SMSC " + settings.host() + ":" + settings.port() + " did not answer submit_sm", e);
    }
    return new SmsReceipt("smpp", ids, body.segments());
  }

  private String submit(
      SMPPSession s,
      Address source,
      Address dest,
      ESMClass esm,
      GeneralDataCoding coding,
      byte[] shortMessage,
      OptionalParameter... tlvs)
      throws PDUException,
          org.jsmpp.extra.ResponseTimeoutException,
          org.jsmpp.InvalidResponseException,
          NegativeResponseException,
          IOException {
    return s.submitShortMessage(
            null,
            source.ton(),
            source.npi(),
            source.address(),
            dest.ton(),
            dest.npi(),
            dest.address(),
            esm,
            (byte) 0,
            (byte) 1,
            null,
            null,
            new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT),
            (byte) 0,
            coding,
            (byte) 0,
            shortMessage,
            tlvs)
        .getMessageId();
  }

  /** The bound session, binding first if needed. Runs on the worker thread. */
  private SMPPSession bound() {
    if (session != null && session.getSessionState().isBound()) {
      return session;
    }
    drop();
    SMPPSession s = new SMPPSession();
    s.setEnquireLinkTimer((int) settings.enquireLink().toMillis());
    s.setTransactionTimer(settings.responseTimeout().toMillis());
    s.addSessionStateListener(new Rebinder());
    try {
      s.connectAndBind(
          settings.host(),
          settings.port(),
          new BindParameter(
              BindType.BIND_TX,
              settings.systemId(),
              settings.password() == null ? "" : settings.password().reveal(),
              settings.systemType() == null ? "" : settings.systemType(),
              TypeOfNumber.UNKNOWN,
              NumberingPlanIndicator.UNKNOWN,
              null),
          settings.responseTimeout().toMillis());
    } catch (IOException e) {
      s.close();
      String where = settings.host() + ":" + settings.port();
      if (e.getCause() instanceof NegativeResponseException n) {
        // Wrong system id or password: retrying cannot help until the configuration changes.
        String why =
            "SMSC "
                + where
                + " refused bind_transmitter with status 0x"
                + Integer.toHexString(n.getCommandStatus())
                + " (check system-id and password)";
        throw TRANSIENT_STATUS.contains(n.getCommandStatus())
            ? SmsException.temporary(why)
            : SmsException.permanent(why);
      }
      throw SmsException.temporary("cannot bind to SMSC " + where + ": " + scrub(e.toString()));
    }
    session = s;
    backoffMs = 1000;
    LOG.info("SMPP bound as transmitter to {}:{}", settings.host(), settings.port());
    return s;
  }

  private void drop() {
    SMPPSession s = session;
    session = null;
    if (s != null) {
      s.close();
    }
  }

  private String scrub(String text) {
    return settings.password() == null ? text : settings.password().scrub(text);
  }

  private static byte[] bytes(String text, boolean gsm) {
    return gsm ? SmsEncoding.toGsm7(text) : text.getBytes(StandardCharsets.UTF_16BE);
  }

  private static Address source(String from) {
    if (from == null || from.isBlank()) {
      return new Address(TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, "");
    }
    if (NUMBER.matcher(from).matches()) {
      return from.startsWith("+")
          ? new Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from.substring(1))
          : new Address(TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, from);
    }
    return new Address(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, from);
  }

  private static Address destination(String to) {
    return to.startsWith("+")
        ? new Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to.substring(1))
        : new Address(TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, to);
  }

  private record Address(TypeOfNumber ton, NumberingPlanIndicator npi, String address) {}

  /** Binds again in the background when the SMSC drops a bound session. */
  private final class Rebinder implements SessionStateListener {
    @Override
    public void onStateChange(SessionState newState, SessionState oldState, Session source) {
      if (newState == SessionState.CLOSED && oldState.isBound() && !closed) {
        LOG.warn(
            "SMPP session to {}:{} lost; binding again in {} ms",
            settings.host(),
            settings.port(),
            backoffMs);
        scheduleRebind();
      }
    }
  }

  private void scheduleRebind() {
    long delay = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    vertx.setTimer(
        delay,
        id -> {
          if (closed || isBound()) {
            return;
          }
          connect()
              .onFailure(
                  e -> {
                    LOG.warn("SMPP rebind failed: {}", e.getMessage());
                    if (!closed && !(e instanceof SmsException se && se.permanent())) {
                      scheduleRebind();
                    }
                  });
        });
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return worker
        .executeBlocking(
            () -> {
              SMPPSession s = session;
              session = null;
              if (s != null) {
                s.unbindAndClose();
              }
              return null;
            },
            true)
        .<Void>mapEmpty()
        .eventually(worker::close);
  }
}
