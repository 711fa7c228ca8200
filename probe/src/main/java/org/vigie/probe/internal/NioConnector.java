package org.vigie.probe.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plain TCP connects and plain HTTP/1.1 GETs on one selector thread. A probe that asks "does the
 * port accept?" or "what does GET / answer?" needs no Netty channel, pipeline or promise chain:
 * measured here, a Vert.x connect-and-close costs 0.14–0.16 CPU-s per 1,000 and a bare NIO one 0.06
 * (docs/benchmarks.md). Completions go back to each caller's context in one batch per selector
 * round, so a busy round wakes each event loop once, not once per probe.
 *
 * <p>Only for IP literals (resolving a name would block) and plain HTTP without redirects; the
 * probes send everything else through Vert.x.
 */
public final class NioConnector implements AutoCloseable {
  /** Outcome of a connect: elapsed nanos, or why it failed. */
  public record Connected(long nanos, String failure) {}

  /**
   * Outcome of a GET: the status and the body read (at most the cap), or why it failed.
   *
   * @param bodyBytes body bytes read, at most the cap
   * @param truncated the body was longer than the cap and the transfer was cut
   */
  public record Response(
      String failure,
      int status,
      byte[] body,
      long bodyBytes,
      boolean truncated,
      long connectNanos,
      long firstByteNanos) {}

  /** A GET in progress: its phase (for a timeout reason) and a way to give it up. */
  public static final class Exchange {
    private volatile String phase = "connecting";
    private volatile boolean cancelled;

    public String phase() {
      return phase;
    }
  }

  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final ConcurrentLinkedQueue<Pending> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Selector selector;
  private final Thread thread;

  /** Per-operation state; touched only by the selector thread once queued. */
  private static final class Pending {
    final SocketChannel channel;
    final Context context;
    final long start;
    final long deadline;
    final Promise<Connected> connected;
    final Promise<Response> answered;
    final ByteBuffer request;
    final int maxBody;
    final Exchange exchange;
    long connectNanos;
    long sentAt;
    long firstByteNanos;
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteArrayOutputStream body;
    int status;
    long contentLength = -1;
    boolean chunked;

    Pending(
        SocketChannel channel,
        Context context,
        long start,
        long deadline,
        Promise<Connected> connected,
        Promise<Response> answered,
        ByteBuffer request,
        int maxBody,
        Exchange exchange) {
      this.channel = channel;
      this.context = context;
      this.start = start;
      this.deadline = deadline;
      this.connected = connected;
      this.answered = answered;
      this.request = request;
      this.maxBody = maxBody;
      this.exchange = exchange;
    }
  }

  public NioConnector() throws IOException {
    this.selector = Selector.open();
    this.thread = Thread.ofPlatform().daemon().name("vigie-nio-prober").start(this::loop);
  }

  /** Connects to {@code address}, closes at once, and says how long it took or why it failed. */
  public Future<Connected> connect(Context context, InetSocketAddress address, long timeoutMs) {
    Promise<Connected> promise = promise(context);
    long start = System.nanoTime();
    SocketChannel ch = open(address, promise, null);
    if (ch != null) {
      enqueue(
          new Pending(
              ch, context, start, start + timeoutMs * 1_000_000, promise, null, null, 0, null));
    }
    return promise.future();
  }

  /**
   * Sends {@code request} (a complete HTTP/1.1 request asking {@code Connection: close}) and reads
   * the response: status line, headers, and the body up to {@code maxBody} bytes.
   */
  public Future<Response> get(
      Context context,
      InetSocketAddress address,
      byte[] request,
      int maxBody,
      long timeoutMs,
      Exchange exchange) {
    Promise<Response> promise = promise(context);
    long start = System.nanoTime();
    SocketChannel ch = open(address, null, promise);
    if (ch != null) {
      enqueue(
          new Pending(
              ch,
              context,
              start,
              start + timeoutMs * 1_000_000,
              null,
              promise,
              ByteBuffer.wrap(request),
              maxBody,
              exchange));
    }
    return promise.future();
  }

  /**
   * A promise bound to the caller's context: the frame's timeout on its future is then a timer of
   * that event loop, set and cancelled on its own thread. A context-less future would put every
   * probe's timeout on Netty's global executor thread, one cross-thread wake-up per probe.
   */
  private static <T> Promise<T> promise(Context context) {
    return context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
  }

  /** Gives a GET up (its caller timed out): the socket is closed on the next round. */
  public void cancel(Exchange exchange) {
    exchange.cancelled = true;
    selector.wakeup();
  }

  private SocketChannel open(
      InetSocketAddress address, Promise<Connected> connected, Promise<Response> answered) {
    SocketChannel ch = null;
    try {
      // An IPv4 target gets an IPv4 socket: the default dual-stack socket takes the kernel's
      // IPv6 connect path with a mapped address, measurably dearer per probe.
      ch =
          address.getAddress() instanceof Inet4Address
              ? SocketChannel.open(StandardProtocolFamily.INET)
              : SocketChannel.open();
      ch.configureBlocking(false);
      // On loopback the kernel may complete the handshake inside connect(): the selector will
      // then never report OP_CONNECT, so the loop checks isConnected() when it registers.
      ch.connect(address);
      return ch;
    } catch (IOException e) {
      closeQuietly(ch);
      if (connected != null) {
        connected.complete(new Connected(0, reason(e)));
      } else {
        answered.complete(failed(reason(e)));
      }
      return null;
    }
  }

  private void enqueue(Pending p) {
    incoming.add(p);
    // One wake-up per batch: the selector drains everything queued when it wakes.
    if (wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  private void loop() {
    Map<SelectionKey, Pending> pending = new HashMap<>();
    Map<Context, List<Runnable>> done = new HashMap<>();
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    while (!closed.get()) {
      try {
        long now = System.nanoTime();
        long nearest = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
          nearest = Math.min(nearest, p.deadline);
        }
        long waitMs = nearest == Long.MAX_VALUE ? 100 : Math.max(1, (nearest - now) / 1_000_000);
        selector.select(Math.min(waitMs, 100));
        wakeupPending.set(false);
        Pending p;
        while ((p = incoming.poll()) != null) {
          try {
            if (!p.channel.isConnected()) {
              pending.put(p.channel.register(selector, SelectionKey.OP_CONNECT), p);
            } else if (p.connected != null) {
              Pending q = p;
              q.connectNanos = System.nanoTime() - q.start;
              finish(q, () -> q.connected.tryComplete(new Connected(q.connectNanos, null)), done);
            } else {
              p.connectNanos = System.nanoTime() - p.start;
              p.exchange.phase = "sending the request";
              pending.put(p.channel.register(selector, SelectionKey.OP_WRITE), p);
            }
          } catch (IOException e) {
            fail(p, reason(e), done);
          }
        }
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey key = it.next();
          it.remove();
          Pending q = pending.get(key);
          if (q != null && step(key, q, buffer, done)) {
            pending.remove(key);
            key.cancel();
          }
        }
        now = System.nanoTime();
        for (Iterator<Map.Entry<SelectionKey, Pending>> it = pending.entrySet().iterator();
            it.hasNext(); ) {
          var e = it.next();
          Pending q = e.getValue();
          boolean cancelled = q.exchange != null && q.exchange.cancelled;
          if (q.deadline <= now || cancelled) {
            it.remove();
            e.getKey().cancel();
            long ms = (q.deadline - q.start) / 1_000_000;
            fail(q, cancelled ? "given up" : "no answer within " + ms + " ms", done);
          }
        }
        for (var batch : done.entrySet()) {
          List<Runnable> tasks = new ArrayList<>(batch.getValue());
          batch.getKey().runOnContext(v -> tasks.forEach(Runnable::run));
        }
        done.clear();
      } catch (IOException | RuntimeException e) {
        // Never let the loop die: a dead connector would leave every lean probe hanging.
        if (closed.get()) {
          break;
        }
      }
    }
    for (Pending p : pending.values()) {
      closeQuietly(p.channel);
      if (p.connected != null) {
        p.context.runOnContext(v -> p.connected.tryComplete(new Connected(0, "prober closed")));
      } else {
        p.context.runOnContext(v -> p.answered.tryComplete(failed("prober closed")));
      }
    }
  }

  /** Advances one operation; true when it is finished (its completion is queued). */
  private boolean step(
      SelectionKey key, Pending p, ByteBuffer buffer, Map<Context, List<Runnable>> done) {
    try {
      if (key.isConnectable()) {
        if (!p.channel.finishConnect()) {
          return false;
        }
        p.connectNanos = System.nanoTime() - p.start;
        if (p.connected != null) {
          finish(p, () -> p.connected.tryComplete(new Connected(p.connectNanos, null)), done);
          return true;
        }
        p.exchange.phase = "sending the request";
        key.interestOps(SelectionKey.OP_WRITE);
      }
      if (key.isValid() && key.isWritable()) {
        p.channel.write(p.request);
        if (!p.request.hasRemaining()) {
          p.sentAt = System.nanoTime();
          p.exchange.phase = "waiting for the response headers";
          key.interestOps(SelectionKey.OP_READ);
        }
        return false;
      }
      if (key.isValid() && key.isReadable()) {
        return read(p, buffer, done);
      }
      return false;
    } catch (IOException e) {
      fail(p, reason(e), done);
      return true;
    }
  }

  private boolean read(Pending p, ByteBuffer buffer, Map<Context, List<Runnable>> done)
      throws IOException {
    buffer.clear();
    int n = p.channel.read(buffer);
    if (n > 0 && p.firstByteNanos == 0) {
      // As the Vert.x path measures it: from the request sent to the first byte of the answer.
      p.firstByteNanos = System.nanoTime() - p.sentAt;
    }
    if (n < 0) {
      if (p.body == null) {
        fail(p, "connection closed before the end of the response headers", done);
      } else {
        answer(p, false, done);
      }
      return true;
    }
    buffer.flip();
    if (p.body == null) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      p.head.write(bytes, 0, bytes.length);
      byte[] head = p.head.toByteArray();
      int end = indexOf(head, new byte[] {'\r', '\n', '\r', '\n'});
      if (end < 0) {
        if (head.length > MAX_HEADER_BYTES) {
          fail(p, "response headers larger than " + MAX_HEADER_BYTES + " bytes", done);
          return true;
        }
        return false;
      }
      if (!parseHead(p, new String(head, 0, end, StandardCharsets.ISO_8859_1))) {
        fail(p, "not an HTTP response", done);
        return true;
      }
      p.exchange.phase = "reading the body";
      p.body = new ByteArrayOutputStream();
      return take(p, head, end + 4, head.length - end - 4, done);
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return take(p, bytes, 0, bytes.length, done);
  }

  /** Adds body bytes; true when the body is complete or the cap reached. */
  private boolean take(
      Pending p, byte[] bytes, int off, int len, Map<Context, List<Runnable>> done) {
    int room = p.maxBody - p.body.size();
    p.body.write(bytes, off, Math.min(len, Math.max(0, room)));
    long expected = p.chunked ? -1 : p.contentLength;
    if (expected >= 0 && p.body.size() >= Math.min(expected, p.maxBody)) {
      answer(p, expected > p.maxBody, done);
      return true;
    }
    if (len > room) {
      // The cap is reached: stop the transfer rather than download the rest.
      answer(p, true, done);
      return true;
    }
    if (p.chunked && endsWith(p.body.toByteArray(), "0\r\n\r\n")) {
      answer(p, false, done);
      return true;
    }
    return false;
  }

  private static boolean parseHead(Pending p, String head) {
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      return false;
    }
    try {
      p.status = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).strip();
      if (name.equals("content-length")) {
        try {
          p.contentLength = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (name.equals("transfer-encoding")
          && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        p.chunked = true;
      }
    }
    // No body for these, whatever the headers say (RFC 9112 §6.3).
    if (p.status == 204 || p.status == 304 || p.status / 100 == 1) {
      p.contentLength = 0;
      p.chunked = false;
    }
    return true;
  }

  private void answer(Pending p, boolean truncated, Map<Context, List<Runnable>> done) {
    byte[] raw = p.body.toByteArray();
    byte[] body = p.chunked ? dechunk(raw) : raw;
    Response r =
        new Response(
            null, p.status, body, body.length, truncated, p.connectNanos, p.firstByteNanos);
    finish(p, () -> p.answered.tryComplete(r), done);
  }

  /** Chunked transfer coding decoded as far as the bytes go (a capped body may end mid-chunk). */
  static byte[] dechunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length) {
      int eol = indexOf(raw, new byte[] {'\r', '\n'}, i);
      if (eol < 0) {
        break;
      }
      String size = new String(raw, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int n;
      try {
        n = Integer.parseInt(size, 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (n == 0) {
        break;
      }
      int from = eol + 2;
      int len = Math.min(n, raw.length - from);
      out.write(raw, from, len);
      i = from + n + 2;
    }
    return out.toByteArray();
  }

  private static Response failed(String reason) {
    return new Response(reason, 0, new byte[0], 0, false, 0, 0);
  }

  private void fail(Pending p, String reason, Map<Context, List<Runnable>> done) {
    if (p.connected != null) {
      finish(p, () -> p.connected.tryComplete(new Connected(0, reason)), done);
    } else {
      finish(p, () -> p.answered.tryComplete(failed(reason)), done);
    }
  }

  private static void finish(Pending p, Runnable completion, Map<Context, List<Runnable>> done) {
    closeQuietly(p.channel);
    done.computeIfAbsent(p.context, c -> new ArrayList<>()).add(completion);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    return indexOf(hay, needle, 0);
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean endsWith(byte[] b, String suffix) {
    byte[] s = suffix.getBytes(StandardCharsets.ISO_8859_1);
    return b.length >= s.length && indexOf(b, s, b.length - s.length) >= 0;
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // Closing a socket that failed or finished: nothing to report.
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
