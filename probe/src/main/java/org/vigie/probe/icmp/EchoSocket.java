package org.vigie.probe.icmp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICMP socket of one address family, shared by every echo in flight, with its receiver thread.
 *
 * <p><b>Sending</b> happens on the caller's Vert.x context: {@code sendto} with {@code
 * MSG_DONTWAIT} on a non-blocking socket never blocks (a full buffer fails at once with EAGAIN,
 * counted as a lost echo with its reason), costs a few microseconds, and needs no queue or thread
 * hop, so timers, sends and completions of one burst all run on one thread.
 *
 * <p><b>Receiving</b> is one dedicated platform thread per socket that {@code poll()}s with a 100
 * ms timeout (so that {@link #close} is noticed) and drains the socket on each wake-up. It is a
 * platform thread, not a virtual one, because a thread inside a native call pins its carrier: a
 * virtual thread would take a carrier away from the common pool for good. It records the arrival
 * time itself, so an event loop busy elsewhere does not inflate the RTT, and completes each echo on
 * the context that sent it.
 *
 * <p><b>Matching</b>: each echo gets a token (a per-socket 64-bit counter) in its payload and the
 * token's low 16 bits as sequence. A reply counts when its token is in flight, its sequence agrees
 * and it comes from the address the echo went to. On a raw socket the identifier must be this
 * socket's too, since a raw socket receives every echo reply that reaches the host (other pingers'
 * included). On a ping socket (SOCK_DGRAM) the kernel overwrites the identifier with the socket's
 * local "port" and delivers only replies carrying it, so the identifier is not checked there:
 * sequence, token and source address do the matching.
 */
final class EchoSocket {
  private static final Logger LOG = LoggerFactory.getLogger(EchoSocket.class);
  private static final int POLL_MILLIS = 100;
  private static final int MAX_BATCH = 512;

  /** What the burst that sent an echo is told, always on that burst's context. */
  interface Waiter {
    void replied(long rttNanos);

    void lost();

    void sendFailed(String reason);
  }

  private static final class Pending {
    final byte[] address;
    final int sequence;
    final Context context;
    final Waiter waiter;
    final long sentNanos;
    final long sentEpochNanos;
    long timerId;

    Pending(byte[] address, int sequence, Context context, Waiter waiter) {
      this.address = address;
      this.sequence = sequence;
      this.context = context;
      this.waiter = waiter;
      this.sentNanos = System.nanoTime();
      Instant now = Instant.now();
      this.sentEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
  }

  /**
   * Native buffers of one sending thread (an event loop, in practice), reused for every echo it
   * sends: allocating them per echo costs more than the send itself during a sweep. Freed by the GC
   * with the socket ({@link Arena#ofAuto}).
   */
  private static final class Scratch {
    final MemorySegment packet;
    final MemorySegment address;
    final MemorySegment capture;

    Scratch(int payloadBytes) {
      Arena arena = Arena.ofAuto();
      packet = arena.allocate(IcmpPackets.HEADER_BYTES + payloadBytes, 8);
      address = arena.allocate(IcmpPackets.SOCKADDR_IN6_BYTES, 8);
      capture = LibC.allocateCapture(arena);
    }
  }

  /** A reply matched in the receiver thread, to be completed on its burst's context. */
  private record Completion(Pending pending, long rttNanos) {}

  private final ThreadLocal<Scratch> scratches = new ThreadLocal<>();
  private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
  private final Vertx vertx;
  private final int fd;
  private final boolean ipv6;
  private final SocketKind kind;
  private final int identifier;
  private final ConcurrentHashMap<Long, Pending> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong nextToken;
  private final Thread receiver;
  private volatile boolean closed;

  EchoSocket(Vertx vertx, SocketOpener.Opened opened, boolean ipv6) {
    this.vertx = vertx;
    this.fd = opened.fd();
    this.kind = opened.kind();
    this.ipv6 = ipv6;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    this.identifier = random.nextInt(1, 0x10000);
    this.nextToken = new AtomicLong(random.nextLong() >>> 1);
    this.receiver =
        Thread.ofPlatform()
            .name("vigie-icmp-receiver-" + (ipv6 ? "v6" : "v4"))
            .daemon()
            .start(this::receive);
  }

  SocketKind kind() {
    return kind;
  }

  int inFlight() {
    return inFlight.size();
  }

  /**
   * Sends one echo request now, from the current Vert.x context; the waiter hears of its reply, its
   * loss after {@code timeoutMillis}, or a send failure, on that context.
   */
  void send(InetAddress target, int payloadBytes, long timeoutMillis, Waiter waiter) {
    Context context = vertx.getOrCreateContext();
    long token = nextToken.getAndIncrement();
    int sequence = (int) (token & 0xFFFF);
    Scratch scratch = scratch(payloadBytes);
    MemorySegment packet = scratch.packet.asSlice(0, IcmpPackets.HEADER_BYTES + payloadBytes);
    IcmpPackets.writeEchoRequest(
        packet, ipv6, identifier, sequence, token, !ipv6 && kind == SocketKind.RAW);
    MemorySegment address =
        scratch.address.asSlice(
            0, ipv6 ? IcmpPackets.SOCKADDR_IN6_BYTES : IcmpPackets.SOCKADDR_IN_BYTES);
    IcmpPackets.writeSockaddr(address, target);
    // Timed and published (the map is the happens-before edge to the receiver) right before the
    // send, once the packet is built.
    Pending p = new Pending(target.getAddress(), sequence, context, waiter);
    inFlight.put(token, p);
    long result;
    int errno = 0;
    // Shared with other senders; the receiver takes it exclusively to close the descriptor, so a
    // send never reaches a closed (or, worse, reused) descriptor number.
    fdLock.readLock().lock();
    try {
      if (closed) {
        inFlight.remove(token);
        waiter.sendFailed("the ICMP pinger is closed");
        return;
      }
      result =
          LibC.sendto(scratch.capture, fd, packet, packet.byteSize(), LibC.MSG_DONTWAIT, address);
      if (result < 0) {
        errno = LibC.errno(scratch.capture);
      }
    } finally {
      fdLock.readLock().unlock();
    }
    if (result < 0) {
      inFlight.remove(token);
      waiter.sendFailed("sendto " + target.getHostAddress() + ": " + LibC.strerror(errno));
      return;
    }
    p.timerId =
        vertx.setTimer(
            Math.max(1, timeoutMillis),
            id -> {
              if (inFlight.remove(token, p)) {
                waiter.lost();
              }
            });
  }

  private Scratch scratch(int payloadBytes) {
    Scratch s = scratches.get();
    if (s == null || s.packet.byteSize() < IcmpPackets.HEADER_BYTES + payloadBytes) {
      s = new Scratch(Math.max(payloadBytes, 1472));
      scratches.set(s);
    }
    return s;
  }

  /** Stops the receiver thread, which closes the socket on its way out. */
  void close() {
    closed = true;
  }

  /** Waits until the receiver thread has closed the socket (for tests and orderly shutdown). */
  void awaitClosed() throws InterruptedException {
    receiver.join();
  }

  private void receive() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = LibC.allocateCapture(arena);
      MemorySegment buffer = arena.allocate(65_536 + 60);
      MemorySegment source = arena.allocate(IcmpPackets.SOCKADDR_IN6_BYTES);
      MemorySegment control = arena.allocate(256, 8);
      MemorySegment iov = arena.allocate(16, 8);
      iov.set(ADDRESS, 0, buffer);
      iov.set(JAVA_LONG, 8, buffer.byteSize());
      MemorySegment msg = arena.allocate(LibC.MSGHDR_BYTES, 8);
      MemorySegment pollFd = arena.allocate(LibC.POLLFD);
      pollFd.set(JAVA_INT, 0, fd);
      pollFd.set(JAVA_SHORT, 4, LibC.POLLIN);
      List<Completion> batch = new ArrayList<>();
      while (!closed) {
        int ready = LibC.poll(capture, pollFd, 1, POLL_MILLIS);
        if (ready <= 0) {
          continue;
        }
        // Drain: one wake-up may stand for thousands of replies during a sweep.
        while (!closed) {
          msg.fill((byte) 0);
          msg.set(ADDRESS, LibC.MSG_NAME, source);
          msg.set(JAVA_INT, LibC.MSG_NAMELEN, (int) source.byteSize());
          msg.set(ADDRESS, LibC.MSG_IOV, iov);
          msg.set(JAVA_LONG, LibC.MSG_IOVLEN, 1);
          msg.set(ADDRESS, LibC.MSG_CONTROL, control);
          msg.set(JAVA_LONG, LibC.MSG_CONTROLLEN, control.byteSize());
          long length = LibC.recvmsg(capture, fd, msg, LibC.MSG_DONTWAIT);
          if (length < 0) {
            int errno = LibC.errno(capture);
            if (errno != LibC.EAGAIN && errno != LibC.EINTR) {
              // A ping socket reports an ICMP error (e.g. host unreachable) once this way; the
              // echo it concerns is then lost by its timeout.
              LOG.debug("recvmsg: {}", LibC.strerror(errno));
            }
            break;
          }
          long now = System.nanoTime();
          Completion c =
              match(
                  buffer,
                  length,
                  source,
                  now,
                  kernelTimestamp(control, msg.get(JAVA_LONG, LibC.MSG_CONTROLLEN)));
          if (c != null) {
            batch.add(c);
            if (batch.size() >= MAX_BATCH) {
              complete(batch);
            }
          }
        }
        complete(batch);
      }
    } catch (RuntimeException e) {
      LOG.error("ICMP receiver stopped", e);
    } finally {
      closed = true;
      fdLock.writeLock().lock();
      try {
        LibC.close(fd);
      } finally {
        fdLock.writeLock().unlock();
      }
    }
  }

  /**
   * The time the kernel received the packet ({@code SCM_TIMESTAMPNS}, epoch nanoseconds), or -1. It
   * makes the RTT independent of when this thread got to run: on a loaded machine the wake-up after
   * poll() can take milliseconds, which is not the network's doing.
   */
  private static long kernelTimestamp(MemorySegment control, long controlLength) {
    long at = 0;
    while (at + LibC.CMSG_HEADER_BYTES <= controlLength) {
      long len = control.get(JAVA_LONG, at);
      if (len < LibC.CMSG_HEADER_BYTES) {
        return -1;
      }
      int level = control.get(JAVA_INT, at + 8);
      int type = control.get(JAVA_INT, at + 12);
      if (level == LibC.SOL_SOCKET
          && type == LibC.SO_TIMESTAMPNS
          && len >= LibC.CMSG_HEADER_BYTES + 16) {
        long seconds = control.get(JAVA_LONG, at + LibC.CMSG_HEADER_BYTES);
        long nanos = control.get(JAVA_LONG, at + LibC.CMSG_HEADER_BYTES + 8);
        return seconds * 1_000_000_000L + nanos;
      }
      at += (len + 7) & ~7L;
    }
    return -1;
  }

  /**
   * The RTT from the kernel's receive timestamp when there is one, the monotonic clock otherwise;
   * the wall clock can be stepped by NTP between send and receive, so a kernel figure that
   * disagrees with the monotonic one (negative, or later than our own reading) is not trusted.
   */
  static long rtt(long sentNanos, long sentEpochNanos, long nowNanos, long kernelEpochNanos) {
    long monotonic = nowNanos - sentNanos;
    if (kernelEpochNanos < 0) {
      return monotonic;
    }
    long kernel = kernelEpochNanos - sentEpochNanos;
    return kernel >= 0 && kernel <= monotonic ? kernel : monotonic;
  }

  /**
   * Hands a drained batch of replies to their contexts: one task per context and batch rather than
   * one per reply, so that a sweep's tens of thousands of replies per second do not each wake an
   * event loop. The RTTs are already measured, so batching does not change them.
   */
  private void complete(List<Completion> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Map<Context, List<Completion>> byContext = new HashMap<>();
    for (Completion c : batch) {
      byContext.computeIfAbsent(c.pending().context, k -> new ArrayList<>()).add(c);
    }
    batch.clear();
    byContext.forEach(
        (context, completions) ->
            context.runOnContext(
                v -> {
                  for (Completion c : completions) {
                    vertx.cancelTimer(c.pending().timerId);
                    c.pending().waiter.replied(c.rttNanos());
                  }
                }));
  }

  private Completion match(
      MemorySegment buffer, long length, MemorySegment source, long now, long kernelTime) {
    long offset =
        !ipv6 && kind == SocketKind.RAW ? IcmpPackets.ipv4HeaderLength(buffer, length) : 0;
    IcmpPackets.Reply reply = IcmpPackets.readReply(buffer, offset, length, ipv6);
    if (reply == null || (kind == SocketKind.RAW && reply.identifier() != identifier)) {
      return null;
    }
    Pending p = inFlight.get(reply.token());
    if (p == null
        || p.sequence != reply.sequence()
        || !IcmpPackets.sourceIs(source, p.address)
        || !inFlight.remove(reply.token(), p)) {
      return null;
    }
    return new Completion(p, rtt(p.sentNanos, p.sentEpochNanos, now, kernelTime));
  }
}
