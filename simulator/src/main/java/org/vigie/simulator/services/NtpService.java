package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.time.Clock;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeStamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NTP responder (RFC 5905 server mode, stratum 2) on a datagram socket. Its time is the
 * simulator clock plus the device's clock offset, so a "clock drift" fault shows up as an NTP
 * offset on the client.
 */
public final class NtpService implements Listener {
  private static final Logger LOG = LoggerFactory.getLogger(NtpService.class);

  /** Reference id of a stratum-2 server: its upstream's IPv4 address (here 127.0.0.1). */
  private static final int REFERENCE_ID = 0x7F000001;

  private final Vertx vertx;
  private final String deviceKey;
  private final String host;
  private final int port;
  private final Clock clock;
  private final DeviceFaults faults;
  private volatile DatagramSocket socket;

  public NtpService(
      Vertx vertx, String deviceKey, String host, int port, Clock clock, DeviceFaults faults) {
    this.vertx = vertx;
    this.deviceKey = deviceKey;
    this.host = host;
    this.port = port;
    this.clock = clock;
    this.faults = faults;
  }

  @Override
  public Future<Void> start() {
    if (socket != null) {
      return Future.succeededFuture();
    }
    DatagramSocket s = vertx.createDatagramSocket();
    s.handler(packet -> answer(s, packet));
    return s.listen(port, host)
        .<Void>map(
            bound -> {
              socket = bound;
              return null;
            })
        .recover(e -> Future.failedFuture(BindFailure.of(deviceKey, "ntp", host, port, e)));
  }

  private long now() {
    return clock.millis() + faults.clockOffset().toMillis();
  }

  private void answer(DatagramSocket s, DatagramPacket packet) {
    long received = now();
    byte[] bytes = packet.data().getBytes();
    NtpV3Impl request = new NtpV3Impl();
    try {
      request.setDatagramPacket(new java.net.DatagramPacket(bytes, bytes.length));
    } catch (IllegalArgumentException e) {
      LOG.debug("{}: ignoring a {}-byte datagram that is not NTP", deviceKey, bytes.length);
      return;
    }
    if (request.getMode() != NtpV3Packet.MODE_CLIENT) {
      return;
    }
    faults
        .pause(vertx)
        .onComplete(
            v -> {
              NtpV3Impl reply = new NtpV3Impl();
              reply.setLeapIndicator(NtpV3Packet.LI_NO_WARNING);
              reply.setVersion(request.getVersion());
              reply.setMode(NtpV3Packet.MODE_SERVER);
              reply.setStratum(2);
              reply.setPoll(request.getPoll());
              reply.setPrecision(-20);
              reply.setRootDelay(0x0000_0200); // 1/128 s, NTP short format
              reply.setRootDispersion(0x0000_0100);
              reply.setReferenceId(REFERENCE_ID);
              reply.setReferenceTime(TimeStamp.getNtpTime(received - 64_000));
              reply.setOriginateTimeStamp(request.getTransmitTimeStamp());
              reply.setReceiveTimeStamp(TimeStamp.getNtpTime(received));
              // Taken after the injected delay, as a real late server would stamp it.
              reply.setTransmitTime(TimeStamp.getNtpTime(now()));
              byte[] out = reply.getDatagramPacket().getData();
              s.send(Buffer.buffer(out), packet.sender().port(), packet.sender().host());
            });
  }

  @Override
  public Future<Void> stop() {
    DatagramSocket s = socket;
    socket = null;
    if (s == null) {
      return Future.succeededFuture();
    }
    int bound = s.localAddress().port();
    return s.close().compose(v -> SocketRelease.udp(vertx, host, bound));
  }

  @Override
  public boolean running() {
    return socket != null;
  }

  @Override
  public String socket() {
    return "udp " + host + ":" + port;
  }
}
