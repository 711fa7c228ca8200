package org.vigie.probe.ntp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.net.ntp.NtpUtils;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;
import org.apache.commons.net.ntp.TimeStamp;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.Durations;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Outcome;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;

/**
 * NTP probe: one client-mode exchange (RFC 5905) with the device, giving its clock offset against
 * ours, the round-trip delay and its stratum. Packets are built and read with Commons Net ({@link
 * NtpV3Impl}, {@link TimeInfo}); they travel over one Vert.x datagram socket per address family,
 * shared by every check of this probe instance. Replies are matched to requests by their originate
 * timestamp (our transmit timestamp echoed back, its low bits randomised so two requests never
 * share one) and by source address and port, so a stray or forged reply is ignored.
 *
 * <p>Judgement: no valid reply within the timeout → DOWN (the reason names the invalid replies
 * seen, e.g. a short packet or a wrong mode); stratum 16 or leap indicator 3 → DOWN (the server is
 * not synchronised); stratum 0 → DOWN (kiss-o'-death, with its code); |offset| above {@code
 * max-offset} → DEGRADED. Offset and delay have Commons Net's millisecond resolution.
 *
 * <p>Figures: {@code offset_seconds}, {@code delay_seconds}, {@code stratum}.
 */
public final class NtpProbe implements Probe {
  /** Offset beyond which a server is DEGRADED, when a check does not set {@code max-offset}. */
  public static final Duration DEFAULT_MAX_OFFSET = Duration.ofSeconds(1);

  /** Parameters: {@code port} (123), {@code max-offset} (1s). */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          Map.of("port", ParamType.PORT, "max-offset", ParamType.DURATION), Set.of());

  /** Requests in flight at most; beyond, a check is DOWN at once rather than growing the map. */
  static final int MAX_PENDING = 65_536;

  private final Vertx vertx;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private Future<DatagramSocket> socket4;
  private Future<DatagramSocket> socket6;

  private static final class Pending {
    final InetAddress address;
    final int port;
    final Promise<Observation> promise;
    final Context context;
    volatile String invalid;

    Pending(InetAddress address, int port, Promise<Observation> promise, Context context) {
      this.address = address;
      this.port = port;
      this.promise = promise;
      this.context = context;
    }
  }

  public NtpProbe(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    var spec = check.spec();
    String host = check.device().address();
    int port = Integer.parseInt(spec.param("port", "123"));
    Duration maxOffset = Durations.parse(spec.param("max-offset", "1s"));
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return Future.succeededFuture(Observation.down("cannot resolve " + host));
    }
    if (pending.size() >= MAX_PENDING) {
      return Future.succeededFuture(
          Observation.down("too many NTP requests in flight (" + MAX_PENDING + ")"));
    }
    Context ctx = vertx.getOrCreateContext();
    Promise<Observation> promise = Promise.promise();
    // Transmit time with random low fraction bits (≈15 µs): a unique key, as RFC 5905 suggests.
    long now = System.currentTimeMillis();
    long key =
        (TimeStamp.getNtpTime(now).ntpValue() & ~0xFFFFL)
            | ThreadLocalRandom.current().nextInt(0x10000);
    while (pending.putIfAbsent(key, new Pending(address, port, promise, ctx)) != null) {
      key = (key & ~0xFFFFL) | ThreadLocalRandom.current().nextInt(0x10000);
    }
    long k = key;
    Pending p = pending.get(k);
    NtpV3Impl request = new NtpV3Impl();
    request.setMode(NtpV3Packet.MODE_CLIENT);
    request.setVersion(NtpV3Packet.VERSION_4);
    request.setTransmitTime(new TimeStamp(k));
    byte[] bytes = request.getDatagramPacket().getData();
    long timeoutMs = Math.max(1, context.timeout().toMillis());
    String target = host + ":" + port;
    long timer =
        vertx.setTimer(
            timeoutMs,
            id -> {
              if (pending.remove(k, p)) {
                String seen = p.invalid == null ? "" : " (ignored " + p.invalid + ")";
                promise.tryComplete(
                    Observation.down(
                        "no valid NTP reply from "
                            + target
                            + " within "
                            + timeoutMs
                            + " ms"
                            + seen));
              }
            });
    socketFor(address)
        .compose(s -> s.send(Buffer.buffer(bytes), port, address.getHostAddress()))
        .onFailure(
            e -> {
              if (pending.remove(k, p)) {
                promise.tryComplete(
                    Observation.down("cannot send to " + target + ": " + e.getMessage()));
              }
            });
    return promise
        .future()
        .map(o -> judge(o, maxOffset, target))
        .onComplete(ar -> vertx.cancelTimer(timer));
  }

  private synchronized Future<DatagramSocket> socketFor(InetAddress address) {
    boolean v6 = address instanceof java.net.Inet6Address;
    Future<DatagramSocket> existing = v6 ? socket6 : socket4;
    if (existing != null && !existing.failed()) {
      return existing;
    }
    DatagramSocket s = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(v6));
    s.handler(this::onPacket);
    Future<DatagramSocket> bound = s.listen(0, v6 ? "::" : "0.0.0.0");
    if (v6) {
      socket6 = bound;
    } else {
      socket4 = bound;
    }
    return bound;
  }

  private void onPacket(DatagramPacket packet) {
    long arrived = System.currentTimeMillis();
    byte[] data = packet.data().getBytes();
    InetAddress from;
    try {
      from = InetAddress.getByName(packet.sender().host());
    } catch (UnknownHostException e) {
      return;
    }
    int fromPort = packet.sender().port();
    String problem = null;
    NtpV3Impl reply = new NtpV3Impl();
    if (data.length < 48) {
      problem = "a " + data.length + "-byte packet, too short for NTP";
    } else {
      reply.setDatagramPacket(new java.net.DatagramPacket(data, data.length));
      if (reply.getMode() != NtpV3Packet.MODE_SERVER) {
        problem =
            "a reply in mode " + reply.getMode() + " (" + reply.getModeName() + "), not server";
      }
    }
    if (problem == null) {
      Pending p = pending.get(reply.getOriginateTimeStamp().ntpValue());
      if (p != null
          && sameSource(p, from, fromPort)
          && pending.remove(reply.getOriginateTimeStamp().ntpValue(), p)) {
        TimeInfo info = new TimeInfo(reply, arrived, false);
        info.computeDetails();
        Map<String, Double> figures = new HashMap<>();
        figures.put("stratum", (double) reply.getStratum());
        if (info.getOffset() != null) {
          figures.put("offset_seconds", info.getOffset() / 1000.0);
        }
        if (info.getDelay() != null) {
          figures.put("delay_seconds", info.getDelay() / 1000.0);
        }
        Observation o = preliminary(reply, figures);
        p.context.runOnContext(v -> p.promise.tryComplete(o));
        return;
      }
      problem = "a reply whose originate timestamp matches no request";
    }
    // Note what was wrong on the requests to that source, for their timeout reason.
    for (Pending p : pending.values()) {
      if (sameSource(p, from, fromPort)) {
        p.invalid = problem;
      }
    }
  }

  private static boolean sameSource(Pending p, InetAddress from, int fromPort) {
    return p.port == fromPort && p.address.equals(from);
  }

  private static Observation preliminary(NtpV3Packet reply, Map<String, Double> figures) {
    int stratum = reply.getStratum();
    if (stratum == 0) {
      String code = NtpUtils.getReferenceClock(reply);
      return Observation.down(
          "kiss-o'-death from the server" + (code.isBlank() ? "" : " (" + code.trim() + ")"),
          figures);
    }
    if (stratum >= 16 || reply.getLeapIndicator() == NtpV3Packet.LI_ALARM_CONDITION) {
      return Observation.down(
          "server is not synchronised (stratum "
              + stratum
              + ", leap indicator "
              + reply.getLeapIndicator()
              + ")",
          figures);
    }
    if (!figures.containsKey("offset_seconds")) {
      return Observation.down("reply without usable timestamps", figures);
    }
    return Observation.up(figures);
  }

  private static Observation judge(Observation o, Duration maxOffset, String target) {
    if (o.outcome() != Outcome.UP) {
      return o;
    }
    double offset = o.figures().get("offset_seconds");
    double max = maxOffset.toMillis() / 1000.0;
    if (Math.abs(offset) > max) {
      return new Observation(
          Outcome.DEGRADED,
          String.format(
              java.util.Locale.ROOT,
              "clock of %s is off by %+.3f s (max %s)",
              target,
              offset,
              Durations.format(maxOffset)),
          o.figures());
    }
    return o;
  }
}
