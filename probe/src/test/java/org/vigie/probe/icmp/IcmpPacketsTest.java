package org.vigie.probe.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IcmpPacketsTest {
  @Test
  void checksum_isTheRfc1071ExampleValue() {
    // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d.
    MemorySegment data =
        MemorySegment.ofArray(
            new byte[] {
              0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7
            });
    assertThat(IcmpPackets.checksum(data)).isEqualTo(0x220d);
  }

  @Test
  void echoRequest_checksumsToZero_andCarriesIdSequenceAndToken() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment packet = arena.allocate(IcmpPackets.HEADER_BYTES + 56);
      IcmpPackets.writeEchoRequest(packet, false, 0x1234, 0xBEEF, 0x0102030405060708L, true);
      assertThat(packet.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 8);
      assertThat(IcmpPackets.checksum(packet)).isZero();
      // The reply is the request with type 0: read back as a reply.
      packet.set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
      assertThat(IcmpPackets.readReply(packet, 0, packet.byteSize(), false))
          .isEqualTo(new IcmpPackets.Reply(0x1234, 0xBEEF, 0x0102030405060708L));
    }
  }

  @Test
  void aRequest_orATruncatedReply_isNotAReply() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment packet = arena.allocate(IcmpPackets.HEADER_BYTES + 8);
      IcmpPackets.writeEchoRequest(packet, true, 1, 2, 3, false);
      assertThat(IcmpPackets.readReply(packet, 0, packet.byteSize(), true)).isNull();
      packet.set(ValueLayout.JAVA_BYTE, 0, (byte) IcmpPackets.ICMPV6_ECHO_REPLY);
      assertThat(IcmpPackets.readReply(packet, 0, packet.byteSize(), true)).isNotNull();
      assertThat(IcmpPackets.readReply(packet, 0, packet.byteSize() - 1, true)).isNull();
    }
  }

  @Test
  void sockaddr_holdsTheAddressWhereTheKernelReadsIt() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v4 = arena.allocate(IcmpPackets.SOCKADDR_IN_BYTES);
      InetAddress a = InetAddress.getByName("10.77.0.2");
      IcmpPackets.writeSockaddr(v4, a);
      assertThat(v4.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0)).isEqualTo((short) LibC.AF_INET);
      assertThat(IcmpPackets.sourceIs(v4, a.getAddress())).isTrue();
      MemorySegment v6 = arena.allocate(IcmpPackets.SOCKADDR_IN6_BYTES);
      InetAddress b = InetAddress.getByName("::1");
      IcmpPackets.writeSockaddr(v6, b);
      assertThat(v6.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0)).isEqualTo((short) LibC.AF_INET6);
      assertThat(IcmpPackets.sourceIs(v6, b.getAddress())).isTrue();
      assertThat(IcmpPackets.sourceIs(v6, InetAddress.getByName("::2").getAddress())).isFalse();
    }
  }

  @Test
  void rtt_prefersTheKernelTimestamp_unlessTheWallClockJumped() {
    // sent at monotonic 1,000 / epoch 5,000; read at monotonic 1,900 (900 ns later).
    assertThat(EchoSocket.rtt(1_000, 5_000, 1_900, 5_600)).isEqualTo(600);
    assertThat(EchoSocket.rtt(1_000, 5_000, 1_900, -1)).isEqualTo(900);
    // Wall clock stepped back, or forward past our own reading: the monotonic figure.
    assertThat(EchoSocket.rtt(1_000, 5_000, 1_900, 4_000)).isEqualTo(900);
    assertThat(EchoSocket.rtt(1_000, 5_000, 1_900, 9_000)).isEqualTo(900);
  }
}
