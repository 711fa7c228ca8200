package org.vigie.probe.tcp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connect-and-close for plain TCP checks, on one selector thread: a probe that only asks "does the
 * port accept?" needs no Netty channel, pipeline or promise chain. Measured here: a Vert.x
 * NetClient connect-and-close costs 0.14–0.16 CPU-s per 1,000, a bare NIO one 0.06 (see
 * docs/benchmarks.md). Completions are handed back to each caller's context in one batch per
 * selector round, so a busy round wakes each event loop once, not once per probe.
 *
 * <p>Only for IP literals: resolving a host name would block, so those go through Vert.x.
 */
final class TcpConnector implements AutoCloseable {
  /** Outcome of one connect: elapsed nanos, or the reason it failed. */
  record Result(long nanos, String failure) {}

  private record Pending(
      SocketChannel channel, Promise<Result> promise, Context context, long start, long deadline) {}

  private final ConcurrentLinkedQueue<Pending> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Selector selector;
  private final Thread thread;

  TcpConnector() throws IOException {
    this.selector = Selector.open();
    this.thread = Thread.ofPlatform().daemon().name("vigie-tcp-connector").start(this::loop);
  }

  /** Connects to {@code address}, closes at once, and says how long it took or why it failed. */
  Future<Result> connect(Context context, InetSocketAddress address, long timeoutMs) {
    Promise<Result> promise = Promise.promise();
    long start = System.nanoTime();
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open();
      ch.configureBlocking(false);
      if (ch.connect(address)) {
        ch.close();
        promise.complete(new Result(System.nanoTime() - start, null));
        return promise.future();
      }
    } catch (IOException e) {
      closeQuietly(ch);
      promise.complete(new Result(0, reason(e)));
      return promise.future();
    }
    incoming.add(new Pending(ch, promise, context, start, start + timeoutMs * 1_000_000));
    // One wake-up per batch: the selector drains everything queued when it wakes.
    if (wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
    return promise.future();
  }

  private void loop() {
    Map<SelectionKey, Pending> pending = new HashMap<>();
    Map<Context, List<Runnable>> done = new HashMap<>();
    while (!closed.get()) {
      try {
        long now = System.nanoTime();
        long nearest = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
          nearest = Math.min(nearest, p.deadline());
        }
        long waitMs = nearest == Long.MAX_VALUE ? 100 : Math.max(1, (nearest - now) / 1_000_000);
        selector.select(Math.min(waitMs, 100));
        wakeupPending.set(false);
        Pending p;
        while ((p = incoming.poll()) != null) {
          try {
            pending.put(p.channel().register(selector, SelectionKey.OP_CONNECT), p);
          } catch (IOException e) {
            finish(p, new Result(0, reason(e)), done);
          }
        }
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey key = it.next();
          it.remove();
          Pending q = pending.remove(key);
          if (q == null) {
            continue;
          }
          Result r;
          try {
            r =
                q.channel().finishConnect()
                    ? new Result(System.nanoTime() - q.start(), null)
                    : null;
          } catch (IOException e) {
            r = new Result(0, reason(e));
          }
          if (r == null) {
            pending.put(key, q);
            continue;
          }
          key.cancel();
          finish(q, r, done);
        }
        now = System.nanoTime();
        for (Iterator<Map.Entry<SelectionKey, Pending>> it = pending.entrySet().iterator();
            it.hasNext(); ) {
          var e = it.next();
          if (e.getValue().deadline() <= now) {
            it.remove();
            e.getKey().cancel();
            long ms = (e.getValue().deadline() - e.getValue().start()) / 1_000_000;
            finish(e.getValue(), new Result(0, "no answer within " + ms + " ms"), done);
          }
        }
        for (var batch : done.entrySet()) {
          List<Runnable> tasks = new ArrayList<>(batch.getValue());
          batch.getKey().runOnContext(v -> tasks.forEach(Runnable::run));
        }
        done.clear();
      } catch (IOException | RuntimeException e) {
        // Never let the loop die: a dead connector would leave every plain TCP check hanging.
        if (closed.get()) {
          break;
        }
      }
    }
    for (SelectionKey key : pending.keySet()) {
      closeQuietly((SocketChannel) key.channel());
      Pending p = pending.get(key);
      p.context().runOnContext(v -> p.promise().tryComplete(new Result(0, "prober closed")));
    }
  }

  private static void finish(Pending p, Result r, Map<Context, List<Runnable>> done) {
    closeQuietly(p.channel());
    done.computeIfAbsent(p.context(), c -> new ArrayList<>()).add(() -> p.promise().tryComplete(r));
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // Closing a socket that failed to connect: nothing to report.
      }
    }
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      selector.wakeup();
      try {
        thread.join(1000);
        selector.close();
      } catch (IOException | InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
