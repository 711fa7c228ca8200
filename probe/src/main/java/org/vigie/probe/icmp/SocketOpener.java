package org.vigie.probe.icmp;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Opens one non-blocking ICMP echo socket, trying the allowed kinds in order, and when none opens
 * builds the message that says why and what to set.
 */
final class SocketOpener {
  private static final int EAFNOSUPPORT = 97;

  /** An open socket: its file descriptor and kind. */
  record Opened(int fd, SocketKind kind) {}

  private SocketOpener() {}

  static Opened open(boolean ipv6, IcmpPingerOptions options) throws IcmpUnavailableException {
    String ns = options.getNetworkNamespace();
    if (ns == null) {
      return openHere(ipv6, options);
    }
    // setns() moves only the calling thread; a socket keeps the namespace it was created in. So
    // a short-lived thread enters the namespace, opens the socket and dies: no other thread of
    // the JVM ever runs in the namespace.
    FutureTask<Opened> task = new FutureTask<>(() -> enterAndOpen(ns, ipv6, options));
    Thread t = Thread.ofPlatform().name("vigie-icmp-open-" + ns).daemon().start(task);
    try {
      t.join();
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IcmpUnavailableException("interrupted while opening an ICMP socket");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IcmpUnavailableException u) {
        throw u;
      }
      throw new IcmpUnavailableException(
          "cannot open an ICMP socket in network namespace " + ns + ": " + e.getCause());
    }
  }

  private static Opened enterAndOpen(String ns, boolean ipv6, IcmpPingerOptions options)
      throws IcmpUnavailableException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = LibC.allocateCapture(arena);
      String path = "/run/netns/" + ns;
      int nsFd = LibC.open(capture, arena.allocateFrom(path), LibC.O_RDONLY | LibC.O_CLOEXEC);
      if (nsFd < 0) {
        throw new IcmpUnavailableException(
            "cannot open network namespace " + path + ": " + LibC.strerror(LibC.errno(capture)));
      }
      try {
        if (LibC.setns(capture, nsFd, LibC.CLONE_NEWNET) != 0) {
          throw new IcmpUnavailableException(
              "cannot enter network namespace " + ns + ": " + LibC.strerror(LibC.errno(capture)));
        }
      } finally {
        LibC.close(nsFd);
      }
    }
    return openHere(ipv6, options);
  }

  private static Opened openHere(boolean ipv6, IcmpPingerOptions options)
      throws IcmpUnavailableException {
    int family = ipv6 ? LibC.AF_INET6 : LibC.AF_INET;
    int protocol = ipv6 ? LibC.IPPROTO_ICMPV6 : LibC.IPPROTO_ICMP;
    List<String> failures = new ArrayList<>();
    boolean adviseSysctl = false;
    boolean adviseCapability = false;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = LibC.allocateCapture(arena);
      for (SocketKind kind : options.getSocketKinds()) {
        int type = (kind == SocketKind.RAW ? LibC.SOCK_RAW : LibC.SOCK_DGRAM);
        int fd =
            LibC.socket(capture, family, type | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, protocol);
        if (fd >= 0) {
          configure(arena, fd, kind, ipv6, options);
          return new Opened(fd, kind);
        }
        int errno = LibC.errno(capture);
        String what = kind == SocketKind.RAW ? "raw socket (SOCK_RAW)" : "ping socket (SOCK_DGRAM)";
        String why = LibC.strerror(errno);
        if (errno == EAFNOSUPPORT) {
          why += ": IPv6 is disabled in this kernel or namespace";
        } else if (kind == SocketKind.DATAGRAM && errno == LibC.EACCES) {
          why +=
              ": effective group "
                  + LibC.getegid()
                  + " is outside net.ipv4.ping_group_range ("
                  + pingGroupRange()
                  + ")";
          adviseSysctl = true;
        } else if (kind == SocketKind.RAW && (errno == LibC.EPERM || errno == LibC.EACCES)) {
          why += ": needs root or CAP_NET_RAW (effective user " + LibC.geteuid() + ")";
          adviseCapability = true;
        }
        failures.add(what + ": " + why);
      }
    }
    List<String> fixes = new ArrayList<>();
    if (adviseSysctl) {
      fixes.add(
          "allow ping sockets with sysctl -w net.ipv4.ping_group_range=\"0 2147483647\""
              + " (or a range that holds group "
              + LibC.getegid()
              + "; persist it in /etc/sysctl.d/)");
    }
    if (adviseCapability) {
      fixes.add(
          "give the process CAP_NET_RAW (AmbientCapabilities=CAP_NET_RAW in its systemd unit, or"
              + " setcap cap_net_raw+ep on the java binary) or run it as root");
    }
    throw new IcmpUnavailableException(
        "no ICMP socket for "
            + (ipv6 ? "IPv6" : "IPv4")
            + " can be opened: "
            + String.join("; ", failures)
            + (fixes.isEmpty() ? "" : ". To fix: " + String.join(", or ", fixes)));
  }

  /** The current range, as the kernel shows it (two numbers), or why it could not be read. */
  private static String pingGroupRange() {
    try {
      // Not Files.readString: it trusts the size procfs reports and may stop short.
      byte[] bytes;
      try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ping_group_range"))) {
        bytes = in.readAllBytes();
      }
      return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)
          .strip()
          .replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /**
   * Large buffers (a sweep's replies arrive in bursts) and, on raw sockets, a kernel filter that
   * passes echo replies only: a raw socket otherwise gets a copy of every ICMP message the host
   * receives (on loopback even our own requests), which the receiver thread would have to read and
   * drop. Best effort: a socket that refuses an option still works, only less well.
   */
  private static void configure(
      Arena arena, int fd, SocketKind kind, boolean ipv6, IcmpPingerOptions options) {
    MemorySegment capture = LibC.allocateCapture(arena);
    MemorySegment size = arena.allocateFrom(JAVA_INT, options.getReceiveBufferBytes());
    if (LibC.setsockopt(capture, fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, size) != 0) {
      LibC.setsockopt(capture, fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, size);
    }
    MemorySegment snd = arena.allocateFrom(JAVA_INT, options.getSendBufferBytes());
    if (LibC.setsockopt(capture, fd, LibC.SOL_SOCKET, LibC.SO_SNDBUFFORCE, snd) != 0) {
      LibC.setsockopt(capture, fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, snd);
    }
    LibC.setsockopt(
        capture, fd, LibC.SOL_SOCKET, LibC.SO_TIMESTAMPNS, arena.allocateFrom(JAVA_INT, 1));
    if (kind != SocketKind.RAW) {
      return;
    }
    if (ipv6) {
      // struct icmp6_filter: 256 bits, a set bit blocks that type; pass 129 (echo reply) only.
      MemorySegment filter = arena.allocate(32);
      for (int i = 0; i < 8; i++) {
        filter.setAtIndex(JAVA_INT, i, -1);
      }
      int word = IcmpPackets.ICMPV6_ECHO_REPLY >> 5;
      filter.setAtIndex(
          JAVA_INT,
          word,
          filter.getAtIndex(JAVA_INT, word) & ~(1 << (IcmpPackets.ICMPV6_ECHO_REPLY & 31)));
      LibC.setsockopt(capture, fd, LibC.IPPROTO_ICMPV6, LibC.ICMP6_FILTER, filter);
    } else {
      // struct icmp_filter: a 32-bit mask, a set bit blocks that type; pass 0 (echo reply) only.
      MemorySegment filter = arena.allocateFrom(JAVA_INT, ~(1 << IcmpPackets.ICMP_ECHO_REPLY));
      LibC.setsockopt(capture, fd, LibC.SOL_RAW, LibC.ICMP_FILTER, filter);
    }
  }
}
