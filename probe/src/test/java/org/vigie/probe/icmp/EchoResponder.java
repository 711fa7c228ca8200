package org.vigie.probe.icmp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test main: a userspace ICMPv4 echo responder that emulates a link's delay and jitter, because
 * this kernel has no {@code netem}. Run it in the far namespace of a test (with {@code
 * net.ipv4.icmp_echo_ignore_all=1} there so the kernel does not answer first): it reads echo
 * requests from a raw socket and sends each reply after {@code delay ± jitter} (uniform).
 *
 * <p>Protocol on stdin/stdout: prints {@code ready} once its socket is open; a line {@code delay
 * <ms> <jitter-ms>} changes the emulation and is answered {@code ok}; end of input (the test died)
 * ends the process.
 */
public final class EchoResponder {
  private static volatile long delayMicros;
  private static volatile long jitterMicros;

  private EchoResponder() {}

  public static void main(String[] args) throws Exception {
    Arena arena = Arena.ofShared();
    MemorySegment capture = LibC.allocateCapture(arena);
    int fd =
        LibC.socket(capture, LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMP);
    if (fd < 0) {
      System.err.println("EchoResponder: socket: " + LibC.strerror(LibC.errno(capture)));
      System.exit(2);
    }
    // Echo requests only.
    LibC.setsockopt(
        capture,
        fd,
        LibC.SOL_RAW,
        LibC.ICMP_FILTER,
        arena.allocateFrom(JAVA_INT, ~(1 << IcmpPackets.ICMP_ECHO_REQUEST)));
    ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();
    Thread.ofPlatform().daemon().start(EchoResponder::commands);
    // Warm up the reply path (first downcalls link their stubs, the JIT has not run): cold, the
    // first replies of a test would come tens of milliseconds late. Replies to our own loopback
    // are dropped by the kernel: nobody asked for them.
    byte[] loopback = new byte[IcmpPackets.SOCKADDR_IN_BYTES];
    loopback[0] = (byte) LibC.AF_INET;
    loopback[4] = 127;
    loopback[7] = 1;
    byte[] dummy = new byte[64];
    dummy[0] = IcmpPackets.ICMP_ECHO_REQUEST;
    for (int i = 0; i < 2000; i++) {
      reply(fd, dummy, loopback);
    }
    replies.schedule(() -> {}, 1, TimeUnit.MILLISECONDS).get();
    System.out.println("ready");
    System.out.flush();
    MemorySegment buffer = arena.allocate(65_600);
    MemorySegment source = arena.allocate(IcmpPackets.SOCKADDR_IN_BYTES);
    MemorySegment sourceLength = arena.allocate(JAVA_INT);
    while (true) {
      sourceLength.set(JAVA_INT, 0, (int) source.byteSize());
      long n = LibC.recvfrom(capture, fd, buffer, 0, source, sourceLength);
      if (n < 0) {
        continue;
      }
      int ihl = IcmpPackets.ipv4HeaderLength(buffer, n);
      if (n - ihl < IcmpPackets.HEADER_BYTES
          || buffer.get(JAVA_BYTE, ihl) != IcmpPackets.ICMP_ECHO_REQUEST) {
        continue;
      }
      byte[] message = buffer.asSlice(ihl, n - ihl).toArray(JAVA_BYTE);
      byte[] to = source.toArray(JAVA_BYTE);
      long jitter = jitterMicros;
      long delay =
          delayMicros
              + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
      replies.schedule(() -> reply(fd, message, to), Math.max(0, delay), TimeUnit.MICROSECONDS);
    }
  }

  private static void reply(int fd, byte[] request, byte[] to) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment msg = a.allocate(request.length);
      MemorySegment.copy(request, 0, msg, JAVA_BYTE, 0, request.length);
      msg.set(JAVA_BYTE, 0, (byte) IcmpPackets.ICMP_ECHO_REPLY);
      msg.set(JAVA_BYTE, 2, (byte) 0);
      msg.set(JAVA_BYTE, 3, (byte) 0);
      int sum = IcmpPackets.checksum(msg);
      msg.set(JAVA_BYTE, 2, (byte) (sum >> 8));
      msg.set(JAVA_BYTE, 3, (byte) sum);
      MemorySegment addr = a.allocate(to.length);
      MemorySegment.copy(to, 0, addr, JAVA_BYTE, 0, to.length);
      LibC.sendto(LibC.allocateCapture(a), fd, msg, msg.byteSize(), 0, addr);
    }
  }

  private static void commands() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.strip().split("\\s+");
        if (w.length == 3 && w[0].equals("delay")) {
          delayMicros = Long.parseLong(w[1]) * 1000;
          jitterMicros = Long.parseLong(w[2]) * 1000;
          System.out.println("ok");
        } else {
          System.out.println("error: " + line);
        }
        System.out.flush();
      }
    } catch (Exception e) {
      // Falls through to exit: the test is gone.
    }
    System.exit(0);
  }
}
