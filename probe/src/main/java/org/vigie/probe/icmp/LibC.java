package org.vigie.probe.icmp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls ICMP needs, bound once through the FFM API (Linux, x86-64 and arm64: {@code
 * size_t} and {@code ssize_t} are 64-bit, {@code socklen_t} 32-bit). Every call that can fail
 * captures {@code errno} in a caller-supplied segment ({@link #allocateCapture}), so concurrent
 * callers never read each other's errno.
 */
final class LibC {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_RAW = 3;
  static final int SOCK_NONBLOCK = 0x800;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_ICMPV6 = 58;
  static final int SOL_SOCKET = 1;
  static final int SO_SNDBUF = 7;
  static final int SO_RCVBUF = 8;
  static final int SO_SNDBUFFORCE = 32;
  static final int SO_RCVBUFFORCE = 33;
  static final int SO_TIMESTAMPNS = 35;
  static final int SOL_RAW = 255;
  static final int ICMP_FILTER = 1;
  static final int ICMP6_FILTER = 1;
  static final int MSG_DONTWAIT = 0x40;
  static final short POLLIN = 1;
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int CLONE_NEWNET = 0x40000000;

  static final int EPERM = 1;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static final MethodHandle SOCKET =
      errnoCall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SENDTO =
      errnoCall(
          "sendto",
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECVFROM =
      errnoCall(
          "recvfrom",
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle RECVMSG =
      errnoCall("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle POLL =
      errnoCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      errnoCall(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle OPEN =
      errnoCall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SETNS =
      errnoCall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CLOSE =
      plainCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle GETEGID = plainCall("getegid", FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle GETEUID = plainCall("geteuid", FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle STRERROR =
      plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

  /** {@code struct pollfd}: int fd; short events; short revents. */
  static final MemoryLayout POLLFD =
      MemoryLayout.structLayout(
          JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

  /**
   * {@code struct msghdr} on 64-bit Linux: name, namelen (+pad), iov, iovlen, control, controllen,
   * flags (+pad).
   */
  static final long MSGHDR_BYTES = 56;

  static final long MSG_NAME = 0;
  static final long MSG_NAMELEN = 8;
  static final long MSG_IOV = 16;
  static final long MSG_IOVLEN = 24;
  static final long MSG_CONTROL = 32;
  static final long MSG_CONTROLLEN = 40;

  /** {@code struct cmsghdr}: size_t len; int level; int type; then the data, 8-aligned. */
  static final long CMSG_HEADER_BYTES = 16;

  private LibC() {}

  private static MethodHandle errnoCall(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(
        LINKER.defaultLookup().findOrThrow(name), fd, Linker.Option.captureCallState("errno"));
  }

  private static MethodHandle plainCall(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd);
  }

  /** A segment to receive errno; one per thread or per call. */
  static MemorySegment allocateCapture(Arena arena) {
    return arena.allocate(CAPTURE_LAYOUT);
  }

  static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  /** The C library's text for an errno value, e.g. "Permission denied". */
  static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
      return s.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  static int socket(MemorySegment capture, int domain, int type, int protocol) {
    try {
      return (int) SOCKET.invokeExact(capture, domain, type, protocol);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static long sendto(
      MemorySegment capture, int fd, MemorySegment buf, long len, int flags, MemorySegment addr) {
    try {
      return (long) SENDTO.invokeExact(capture, fd, buf, len, flags, addr, (int) addr.byteSize());
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static long recvfrom(
      MemorySegment capture,
      int fd,
      MemorySegment buf,
      int flags,
      MemorySegment addr,
      MemorySegment addrLen) {
    try {
      return (long) RECVFROM.invokeExact(capture, fd, buf, buf.byteSize(), flags, addr, addrLen);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static long recvmsg(MemorySegment capture, int fd, MemorySegment msghdr, int flags) {
    try {
      return (long) RECVMSG.invokeExact(capture, fd, msghdr, flags);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int poll(MemorySegment capture, MemorySegment fds, long nfds, int timeoutMillis) {
    try {
      return (int) POLL.invokeExact(capture, fds, nfds, timeoutMillis);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int setsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value) {
    try {
      return (int) SETSOCKOPT.invokeExact(capture, fd, level, name, value, (int) value.byteSize());
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int open(MemorySegment capture, MemorySegment path, int flags) {
    try {
      return (int) OPEN.invokeExact(capture, path, flags);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int setns(MemorySegment capture, int fd, int nstype) {
    try {
      return (int) SETNS.invokeExact(capture, fd, nstype);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int close(int fd) {
    try {
      return (int) CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int getegid() {
    try {
      return (int) GETEGID.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int geteuid() {
    try {
      return (int) GETEUID.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
