package org.vigie.probe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Turns the secret references of check parameters ({@code ParamType.SECRET}) into their values when
 * a probe runs: {@code file:/path} is the first line of the file (trimmed), {@code env:NAME} the
 * variable of the environment given at construction.
 *
 * <p>Files are read asynchronously (Vert.x file system, off the event loop) and kept {@value
 * #CACHE_SECONDS} s per path: runs do not read the file each time, yet a rotated secret is picked
 * up without a restart. A failed read is not kept, so a fixed file counts at the next run.
 *
 * <p>A failure is a failed future whose message names the reference (path or variable), never a
 * value: probes put it in a DOWN reason as is.
 */
public final class SecretResolver {
  /** How long a file's secret is kept before it is read again. */
  public static final int CACHE_SECONDS = 60;

  /** A secret file larger than this is refused: it is surely not a one-line secret. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Vertx vertx;
  private final Map<String, String> env;
  private final LongSupplier nanoTime;
  private final long ttlNanos;
  private final Map<String, Cached> files = new ConcurrentHashMap<>();

  /** A file's secret (or its read in flight) and when the read started. */
  private record Cached(Promise<String> value, long atNanos) {}

  /**
   * @param env the process environment (the caller passes {@code System.getenv()}; tests a map)
   */
  public SecretResolver(Vertx vertx, Map<String, String> env) {
    this(vertx, env, System::nanoTime, Duration.ofSeconds(CACHE_SECONDS));
  }

  /** With a given clock and cache time, for tests. */
  SecretResolver(Vertx vertx, Map<String, String> env, LongSupplier nanoTime, Duration ttl) {
    this.vertx = vertx;
    this.env = Map.copyOf(env);
    this.nanoTime = nanoTime;
    this.ttlNanos = ttl.toNanos();
  }

  /** The value a reference stands for; a failed future naming the reference if there is none. */
  public Future<String> resolve(String ref) {
    if (ref != null && ref.startsWith("file:") && !ref.substring(5).isBlank()) {
      return file(ref.substring(5));
    }
    if (ref != null && ref.startsWith("env:") && ENV_NAME.matcher(ref.substring(4)).matches()) {
      return variable(ref.substring(4));
    }
    // Never quote it: a malformed reference may well be the secret itself.
    return Future.failedFuture("not a secret reference (file:/path/to/file or env:NAME)");
  }

  private Future<String> variable(String name) {
    String value = env.get(name);
    if (value == null) {
      return Future.failedFuture("environment variable " + name + " is not set");
    }
    if (value.isEmpty()) {
      return Future.failedFuture("environment variable " + name + " is empty");
    }
    return Future.succeededFuture(value);
  }

  private Future<String> file(String path) {
    long now = nanoTime.getAsLong();
    Cached fresh = new Cached(Promise.<String>promise(), now);
    Cached c =
        files.compute(
            path, (p, old) -> old != null && now - old.atNanos() < ttlNanos ? old : fresh);
    if (c == fresh) {
      // Read outside compute(): the map must not be touched again from within it.
      read(path)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  // Not kept: a missing file is looked for again at the next run.
                  files.remove(path, fresh);
                }
                fresh.value().handle(ar);
              });
    }
    return onCallersContext(c.value().future());
  }

  /**
   * The shared read may complete on another event loop than the caller's: hand the result back on
   * the caller's context, as a probe continues where it started.
   */
  private Future<String> onCallersContext(Future<String> shared) {
    if (shared.isComplete()) {
      return shared.succeeded()
          ? Future.succeededFuture(shared.result())
          : Future.failedFuture(shared.cause());
    }
    Context ctx = vertx.getOrCreateContext();
    Promise<String> out = Promise.promise();
    shared.onComplete(ar -> ctx.runOnContext(v -> out.handle(ar)));
    return out.future();
  }

  private Future<String> read(String path) {
    return vertx
        .fileSystem()
        .readFile(path)
        .transform(
            ar ->
                ar.succeeded()
                    ? firstLine(path, ar.result())
                    : Future.failedFuture(whyNot(path, ar.cause())));
  }

  private static Future<String> firstLine(String path, Buffer content) {
    if (content.length() > MAX_FILE_BYTES) {
      return Future.failedFuture(
          "secret file " + path + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    String text = content.toString(StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = (end < 0 ? text : text.substring(0, end)).strip();
    if (line.isEmpty()) {
      return Future.failedFuture("secret file " + path + " is empty");
    }
    return Future.succeededFuture(line);
  }

  private static String whyNot(String path, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException) {
        return "secret file " + path + " not found";
      }
      if (t instanceof AccessDeniedException) {
        return "secret file " + path + " cannot be read: permission denied";
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    // The class only: an exception message is not ours to vouch for.
    return "secret file " + path + " cannot be read (" + root.getClass().getSimpleName() + ")";
  }
}
