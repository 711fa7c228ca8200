package org.vigie.probe.icmp;

import java.util.List;
import java.util.Objects;

/** Options of an {@link IcmpPinger}, in the Vert.x options style (defaults, copy, fluent). */
public final class IcmpPingerOptions {
  /** Ping socket first (no privilege needed), raw socket if that fails. */
  public static final List<SocketKind> DEFAULT_SOCKET_KINDS =
      List.of(SocketKind.DATAGRAM, SocketKind.RAW);

  /**
   * 8 MiB of receive buffer: a sweep of tens of thousands of targets gets its replies back faster
   * than one thread reads them for a moment, and a full buffer drops replies (seen as loss). Raised
   * past {@code net.core.rmem_max} only when the process may ({@code SO_RCVBUFFORCE}, root).
   */
  public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 8 << 20;

  /** Also the send buffer: a burst of sends must not fail with ENOBUFS. */
  public static final int DEFAULT_SEND_BUFFER_BYTES = 4 << 20;

  private List<SocketKind> socketKinds = DEFAULT_SOCKET_KINDS;
  private String networkNamespace;
  private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
  private int sendBufferBytes = DEFAULT_SEND_BUFFER_BYTES;

  public IcmpPingerOptions() {}

  public IcmpPingerOptions(IcmpPingerOptions other) {
    this.socketKinds = other.socketKinds;
    this.networkNamespace = other.networkNamespace;
    this.receiveBufferBytes = other.receiveBufferBytes;
    this.sendBufferBytes = other.sendBufferBytes;
  }

  public List<SocketKind> getSocketKinds() {
    return socketKinds;
  }

  /** The socket kinds to try, in order; the first that opens is used. */
  public IcmpPingerOptions setSocketKinds(List<SocketKind> socketKinds) {
    if (socketKinds.isEmpty()) {
      throw new IllegalArgumentException("at least one socket kind");
    }
    this.socketKinds = List.copyOf(socketKinds);
    return this;
  }

  public String getNetworkNamespace() {
    return networkNamespace;
  }

  /**
   * A named network namespace ({@code ip netns add NAME}, i.e. {@code /run/netns/NAME}) to open the
   * sockets in, or null (the default) for the process's own. Echoes then leave from that namespace:
   * a probe node can watch a network it reaches only through a VRF-like namespace, and tests ping
   * addresses that exist only in namespaces they made.
   */
  public IcmpPingerOptions setNetworkNamespace(String networkNamespace) {
    this.networkNamespace = networkNamespace;
    return this;
  }

  public int getReceiveBufferBytes() {
    return receiveBufferBytes;
  }

  public IcmpPingerOptions setReceiveBufferBytes(int receiveBufferBytes) {
    this.receiveBufferBytes = receiveBufferBytes;
    return this;
  }

  public int getSendBufferBytes() {
    return sendBufferBytes;
  }

  public IcmpPingerOptions setSendBufferBytes(int sendBufferBytes) {
    this.sendBufferBytes = sendBufferBytes;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IcmpPingerOptions other
        && socketKinds.equals(other.socketKinds)
        && Objects.equals(networkNamespace, other.networkNamespace)
        && receiveBufferBytes == other.receiveBufferBytes
        && sendBufferBytes == other.sendBufferBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(socketKinds, networkNamespace, receiveBufferBytes, sendBufferBytes);
  }
}
