package org.vigie.probe.icmp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;

/**
 * ICMP echo messages and socket addresses, written into and read from native memory.
 *
 * <p>An echo request is an 8-byte header (type, code, checksum, identifier, sequence) and a payload
 * whose first 8 bytes are a token unique per socket: the echo reply carries the payload back, so
 * the token finds the echo in flight even after the 16-bit sequence has wrapped (a sweep sends more
 * than 65,536 echoes in a few seconds).
 */
final class IcmpPackets {
  static final int ICMP_ECHO_REPLY = 0;
  static final int ICMP_ECHO_REQUEST = 8;
  static final int ICMPV6_ECHO_REQUEST = 128;
  static final int ICMPV6_ECHO_REPLY = 129;
  static final int HEADER_BYTES = 8;
  static final int TOKEN_BYTES = 8;

  /** Smallest payload: the token. */
  static final int MIN_PAYLOAD = TOKEN_BYTES;

  /** Largest payload: an IPv4 datagram of 65,535 bytes less headers, rounded down. */
  static final int MAX_PAYLOAD = 65_000;

  static final int SOCKADDR_IN_BYTES = 16;
  static final int SOCKADDR_IN6_BYTES = 28;

  private static final ValueLayout.OfShort U16 =
      JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong U64 = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private IcmpPackets() {}

  /**
   * Writes an echo request into {@code out} (which is {@code HEADER_BYTES + payload} long).
   *
   * @param checksum true to compute the ICMPv4 checksum (raw IPv4 sockets); ping sockets and ICMPv6
   *     sockets have the kernel compute it, so it is left 0
   */
  static void writeEchoRequest(
      MemorySegment out, boolean ipv6, int identifier, int sequence, long token, boolean checksum) {
    out.set(JAVA_BYTE, 0, (byte) (ipv6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO_REQUEST));
    out.set(JAVA_BYTE, 1, (byte) 0);
    out.set(U16, 2, (short) 0);
    out.set(U16, 4, (short) identifier);
    out.set(U16, 6, (short) sequence);
    out.set(U64, 8, token);
    for (long i = HEADER_BYTES + TOKEN_BYTES; i < out.byteSize(); i++) {
      // The same filler as iputils ping, so that a capture looks familiar.
      out.set(JAVA_BYTE, i, (byte) i);
    }
    if (checksum) {
      out.set(U16, 2, (short) checksum(out));
    }
  }

  /** The Internet checksum (RFC 1071) of the segment. */
  static int checksum(MemorySegment data) {
    long sum = 0;
    long n = data.byteSize();
    long i = 0;
    for (; i + 1 < n; i += 2) {
      sum += Short.toUnsignedInt(data.get(U16, i));
    }
    if (i < n) {
      sum += (Byte.toUnsignedInt(data.get(JAVA_BYTE, i)) << 8);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (int) (~sum & 0xFFFF);
  }

  /** Fills a {@code sockaddr_in} or {@code sockaddr_in6} for the target (port 0). */
  static void writeSockaddr(MemorySegment out, InetAddress target) {
    out.fill((byte) 0);
    byte[] a = target.getAddress();
    if (target instanceof Inet6Address v6) {
      // sa_family is in host order; the rest of a sockaddr is in network order.
      out.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) LibC.AF_INET6);
      MemorySegment.copy(MemorySegment.ofArray(a), 0, out, 8, 16);
      out.set(JAVA_INT_UNALIGNED, 24, v6.getScopeId());
    } else {
      out.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) LibC.AF_INET);
      MemorySegment.copy(MemorySegment.ofArray(a), 0, out, 4, 4);
    }
  }

  /** A received echo reply's fields, or null if the message is not an echo reply. */
  record Reply(int identifier, int sequence, long token) {}

  /**
   * Reads an echo reply at {@code offset} (after the IPv4 header on raw IPv4 sockets, 0 otherwise).
   * Returns null for anything else, including a reply too short to hold a token.
   */
  static Reply readReply(MemorySegment in, long offset, long length, boolean ipv6) {
    if (length - offset < HEADER_BYTES + TOKEN_BYTES) {
      return null;
    }
    int type = Byte.toUnsignedInt(in.get(JAVA_BYTE, offset));
    if (type != (ipv6 ? ICMPV6_ECHO_REPLY : ICMP_ECHO_REPLY)) {
      return null;
    }
    return new Reply(
        Short.toUnsignedInt(in.get(U16, offset + 4)),
        Short.toUnsignedInt(in.get(U16, offset + 6)),
        in.get(U64, offset + 8));
  }

  /** The length of the IPv4 header a raw IPv4 socket delivers before the ICMP message. */
  static int ipv4HeaderLength(MemorySegment in, long length) {
    if (length < 20) {
      return (int) length;
    }
    return (Byte.toUnsignedInt(in.get(JAVA_BYTE, 0)) & 0x0F) * 4;
  }

  /** Whether the source in a {@code sockaddr_in(6)} from recvfrom is the given address. */
  static boolean sourceIs(MemorySegment sockaddr, byte[] address) {
    long at = address.length == 4 ? 4 : 8;
    for (int i = 0; i < address.length; i++) {
      if (sockaddr.get(JAVA_BYTE, at + i) != address[i]) {
        return false;
      }
    }
    return true;
  }
}
