package org.vigie.probe.icmp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Sends ICMP echo requests and measures their replies, for any number of targets at once, through
 * one socket per address family (opened on first use, kept until {@link #close} or the Vert.x
 * instance closes). No thread or socket per echo: a 50,000-target sweep is 50,000 entries in one
 * table, one {@code sendto} each, and one receiver thread per socket. See {@link EchoSocket} for
 * how replies are matched.
 *
 * <p>Thread-safe; {@link #burst} may be called from any thread, and its future completes on the
 * caller's Vert.x context (a new event-loop context if the caller has none).
 */
public final class IcmpPinger implements AutoCloseable {
  private final Vertx vertx;
  private final IcmpPingerOptions options;
  private EchoSocket v4;
  private EchoSocket v6;
  private boolean closed;

  public IcmpPinger(Vertx vertx) {
    this(vertx, new IcmpPingerOptions());
  }

  public IcmpPinger(Vertx vertx, IcmpPingerOptions options) {
    this.vertx = vertx;
    this.options = new IcmpPingerOptions(options);
    // Internal API, but the only way to tie the receiver threads and file descriptors to the
    // lifetime of the Vert.x instance that owns the registry, without a close() call that every
    // owner of a registry would have to remember.
    if (vertx instanceof VertxInternal internal) {
      internal.addCloseHook(
          completion -> {
            close();
            // Vert.x's close completes once the sockets are really closed (within one poll).
            Thread.ofVirtual()
                .name("vigie-icmp-close")
                .start(
                    () -> {
                      awaitClosed();
                      completion.succeed();
                    });
          });
    }
  }

  /**
   * Sends {@code count} echo requests of 56 payload bytes to {@code target}, one every {@code
   * spacing}, each waiting up to {@code timeout} for its reply. Fails only when no ICMP socket can
   * be opened ({@link IcmpUnavailableException}, whose message says what to set); a silent or
   * unreachable target is a burst with losses.
   */
  public Future<EchoBurst> burst(
      InetAddress target, int count, Duration spacing, Duration timeout) {
    return burst(target, count, spacing, timeout, 56);
  }

  /** As {@link #burst(InetAddress, int, Duration, Duration)}, with a payload size (8–65,000). */
  public Future<EchoBurst> burst(
      InetAddress target, int count, Duration spacing, Duration timeout, int payloadBytes) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    if (spacing.isNegative() || !timeout.isPositive()) {
      throw new IllegalArgumentException("spacing must be ≥ 0 and timeout > 0");
    }
    if (payloadBytes < IcmpPackets.MIN_PAYLOAD || payloadBytes > IcmpPackets.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload must be "
              + IcmpPackets.MIN_PAYLOAD
              + "–"
              + IcmpPackets.MAX_PAYLOAD
              + " bytes, got "
              + payloadBytes);
    }
    EchoSocket socket;
    try {
      socket = socket(target instanceof Inet6Address);
    } catch (IcmpUnavailableException e) {
      return Future.failedFuture(e);
    }
    Context context = vertx.getOrCreateContext();
    Promise<EchoBurst> promise = Promise.promise();
    Burst burst = new Burst(socket, target, count, payloadBytes, timeout.toMillis(), promise);
    if (Vertx.currentContext() == context) {
      burst.start(spacing);
    } else {
      context.runOnContext(v -> burst.start(spacing));
    }
    return promise.future();
  }

  /** The kind of the socket in use for a family, empty if none is open (yet). */
  public synchronized Optional<SocketKind> socketKind(boolean ipv6) {
    EchoSocket s = ipv6 ? v6 : v4;
    return Optional.ofNullable(s).map(EchoSocket::kind);
  }

  /** Closes the sockets; their receiver threads end within 100 ms. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (v4 != null) {
      v4.close();
    }
    if (v6 != null) {
      v6.close();
    }
  }

  private void awaitClosed() {
    EchoSocket a;
    EchoSocket b;
    synchronized (this) {
      a = v4;
      b = v6;
    }
    try {
      if (a != null) {
        a.awaitClosed();
      }
      if (b != null) {
        b.awaitClosed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Opens lazily, and again on the next burst after a failure: a sysadmin who fixes the sysctl or
   * the capability sees the next round work without restarting Vigie.
   */
  private synchronized EchoSocket socket(boolean ipv6) throws IcmpUnavailableException {
    if (closed) {
      throw new IcmpUnavailableException("the ICMP pinger is closed");
    }
    EchoSocket s = ipv6 ? v6 : v4;
    if (s == null) {
      s = new EchoSocket(vertx, SocketOpener.open(ipv6, options), ipv6);
      if (ipv6) {
        v6 = s;
      } else {
        v4 = s;
      }
    }
    return s;
  }

  /** One burst's bookkeeping; every method runs on the burst's context. */
  private final class Burst {
    private final EchoSocket socket;
    private final InetAddress target;
    private final int count;
    private final int payloadBytes;
    private final long timeoutMillis;
    private final Promise<EchoBurst> promise;
    private final long[] rtts;
    private int next;
    private int remaining;
    private String sendError;

    Burst(
        EchoSocket socket,
        InetAddress target,
        int count,
        int payloadBytes,
        long timeoutMillis,
        Promise<EchoBurst> promise) {
      this.socket = socket;
      this.target = target;
      this.count = count;
      this.payloadBytes = payloadBytes;
      this.timeoutMillis = timeoutMillis;
      this.promise = promise;
      this.rtts = new long[count];
      Arrays.fill(rtts, -1);
      this.remaining = count;
    }

    void start(Duration spacing) {
      long spacingMillis = spacing.toMillis();
      if (spacingMillis == 0) {
        for (int i = 0; i < count; i++) {
          sendNext();
        }
        return;
      }
      sendNext();
      for (int i = 1; i < count; i++) {
        // Each send timed from the start, not from the previous one, so spacing does not drift.
        vertx.setTimer(i * spacingMillis, id -> sendNext());
      }
    }

    private void sendNext() {
      socket.send(target, payloadBytes, timeoutMillis, new Echo(this, next++));
    }

    void replied(int index, long rttNanos) {
      rtts[index] = rttNanos;
      done();
    }

    void sendFailed(String reason) {
      if (sendError == null) {
        sendError = reason;
      }
      done();
    }

    void done() {
      if (--remaining > 0) {
        return;
      }
      List<Duration> replies = new ArrayList<>();
      for (long rtt : rtts) {
        if (rtt >= 0) {
          replies.add(Duration.ofNanos(rtt));
        }
      }
      promise.complete(new EchoBurst(target, count, replies, sendError));
    }
  }

  /** One echo of a burst. */
  private record Echo(Burst burst, int index) implements EchoSocket.Waiter {
    @Override
    public void replied(long rttNanos) {
      burst.replied(index, rttNanos);
    }

    @Override
    public void lost() {
      burst.done();
    }

    @Override
    public void sendFailed(String reason) {
      burst.sendFailed(reason);
    }
  }
}
