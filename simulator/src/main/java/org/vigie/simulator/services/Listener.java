package org.vigie.simulator.services;

import io.vertx.core.Future;

/**
 * One listening socket of a simulated device (a TCP, HTTP or FTP server, or an NTP datagram
 * socket). Start and stop are idempotent; the owning {@link DeviceSimulator} never runs two of them
 * at once for the same device.
 */
public interface Listener {

  /** Binds and serves; fails with a message naming the device, address and port. */
  Future<Void> start();

  /** Unbinds and drops every open connection, so clients see "connection refused". */
  Future<Void> stop();

  boolean running();

  /**
   * The protocol and socket address, e.g. {@code tcp 127.20.1.10:10445}: two listeners with the
   * same one cannot coexist (and must not: Vert.x would silently share the socket between them).
   */
  String socket();
}
