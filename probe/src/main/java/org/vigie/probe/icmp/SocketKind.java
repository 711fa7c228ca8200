package org.vigie.probe.icmp;

/** The two kinds of ICMP echo socket Linux offers. */
public enum SocketKind {
  /**
   * A ping socket, {@code socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)}: no privilege needed when the
   * process's group is in {@code net.ipv4.ping_group_range}; the kernel picks the echo identifier
   * and delivers only the replies to this socket's echoes.
   */
  DATAGRAM,
  /**
   * A raw socket, {@code socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)}: needs root or {@code
   * CAP_NET_RAW}; sees every ICMP echo reply the host receives, so replies are told apart by the
   * identifier Vigie chose.
   */
  RAW
}
