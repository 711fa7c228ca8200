package org.vigie.probe.backup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.ftp.parser.MLSxEntryParser;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.Durations;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Outcome;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;
import org.vigie.probe.SecretResolver;
import org.vigie.probe.Secrets;

/**
 * Backup probe: looks at a school server's backup folder over FTP or explicit FTPS (Commons Net)
 * and judges the newest file matching a pattern: its age, its size against the previous backup (the
 * second newest matching file: a sudden drop is suspicious) and how many are kept.
 *
 * <p>The listing uses {@code MLSD} (exact UTC times) when the server announces it in {@code FEAT},
 * else {@code LIST} for the names and {@code MDTM} for each matching file's time. Listings are read
 * with a cap ({@link ListingClient#MAX_LINES}), so memory stays bounded.
 *
 * <p>Commons Net blocks, so every run is on the shared worker pool {@value #POOL} of {@value
 * #POOL_SIZE} threads, never on an event loop. Connect, control and data timeouts are the time left
 * of the check's timeout, and a timer closes the control connection at the deadline, so a server
 * that stalls (even on the data connection) ends the run within its timeout.
 *
 * <p>Judgement: no matching file, or the newest older than {@code max-age} → DOWN; newest smaller
 * than {@code min-size-ratio} × the previous one → DEGRADED. The password is a secret reference
 * ({@code file:} or {@code env:}, resolved by {@link SecretResolver} before each session; a missing
 * secret is DOWN naming the file or variable); its value never appears in a reason: replies and
 * messages are scrubbed ({@link Secrets}).
 *
 * <p>Figures: {@code age_seconds}, {@code size_bytes}, {@code size_change_ratio} (when there is a
 * previous backup), {@code file_count}.
 */
public final class BackupProbe implements Probe {
  /** The worker pool every backup probe shares. */
  public static final String POOL = "vigie-backup";

  /** Threads of {@link #POOL}: at most this many FTP sessions at once, whatever the schedule. */
  public static final int POOL_SIZE = 8;

  /** Newest backup older than this is DOWN, when a check does not set {@code max-age}. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);

  /** Parameters; see docs/configuration.md. */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          Map.of(
              "port", ParamType.PORT,
              "tls", ParamType.BOOLEAN,
              "user", ParamType.STRING,
              "password", ParamType.SECRET,
              "path", ParamType.STRING,
              "pattern", ParamType.STRING,
              "max-age", ParamType.DURATION,
              "min-size-ratio", ParamType.STRING),
          Set.of());

  /** MDTM calls at most in the LIST fallback (one round trip each). */
  static final int MAX_MDTM = 500;

  private final Vertx vertx;
  private final SecretResolver secrets;
  private final WorkerExecutor workers;

  /**
   * @param secrets resolves the {@code password} reference before each session
   */
  public BackupProbe(Vertx vertx, SecretResolver secrets) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.workers = vertx.createSharedWorkerExecutor(POOL, POOL_SIZE);
  }

  private record Entry(String name, long size, Instant modified) {}

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    long deadline = System.nanoTime() + context.timeout().toNanos();
    String ref = check.spec().params().get("password");
    // Resolved here, on the event loop (the file read itself is asynchronous), so the worker
    // thread only gets the value.
    Future<String> password = ref == null ? Future.succeededFuture("") : secrets.resolve(ref);
    return password.transform(
        ar ->
            ar.succeeded()
                ? session(check, context, ar.result(), deadline)
                : Future.succeededFuture(
                    Observation.down(target(check) + ": " + ar.cause().getMessage())));
  }

  private Future<Observation> session(
      Check check, ProbeContext context, String password, long deadline) {
    var spec = check.spec();
    boolean tls = Boolean.parseBoolean(spec.param("tls", "false"));
    String user = spec.param("user", "anonymous");
    long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    ListingClient client = tls ? new ListingClient.Secure() : new ListingClient.Plain();
    String[] phase = {"connecting"};
    // The watchdog: a blocked read on the control connection ends when its socket closes.
    long timer =
        vertx.setTimer(
            remainingMs,
            id -> {
              try {
                client.ftp().disconnect();
              } catch (IOException | RuntimeException e) {
                // Closing is all that matters here.
              }
            });
    return workers
        .executeBlocking(() -> run(check, client, user, password, deadline, phase), false)
        .recover(
            e ->
                Future.succeededFuture(
                    Observation.down(
                        Secrets.redact(
                            target(check)
                                + ": "
                                + describe(e, context.timeout())
                                + " while "
                                + phase[0],
                            List.of(password)))))
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              if (client.ftp().isConnected()) {
                // Logout and close on the pool too: QUIT waits for a reply.
                workers.executeBlocking(
                    () -> {
                      try {
                        client.ftp().disconnect();
                      } catch (IOException e) {
                        // Already gone.
                      }
                      return null;
                    },
                    false);
              }
            });
  }

  private static String target(Check check) {
    return "ftp://" + check.device().address() + ":" + check.spec().param("port", "21");
  }

  private static String describe(Throwable e, Duration timeout) {
    if (e instanceof SocketTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (e instanceof java.net.SocketException && "Socket closed".equals(e.getMessage())) {
      return "stopped at the " + timeout.toMillis() + " ms timeout";
    }
    String msg = e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg.trim();
  }

  private static int left(long deadline) {
    return (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
  }

  private Observation run(
      Check check,
      ListingClient client,
      String user,
      String password,
      long deadline,
      String[] phase)
      throws IOException {
    var spec = check.spec();
    String host = check.device().address();
    int port = Integer.parseInt(spec.param("port", "21"));
    String path = spec.param("path", "/");
    String pattern = spec.param("pattern", "*");
    Duration maxAge = Durations.parse(spec.param("max-age", Durations.format(DEFAULT_MAX_AGE)));
    double minRatio = Double.parseDouble(spec.param("min-size-ratio", "0.5"));
    Predicate<String> matcher = matcher(pattern);
    String where = target(check) + path;

    FTPClient ftp = client.ftp();
    ftp.setConnectTimeout(left(deadline));
    ftp.setDefaultTimeout(left(deadline));
    ftp.connect(host, port);
    ftp.setSoTimeout(left(deadline));
    if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
      return Observation.down(where + ": server refused the connection: " + reply(ftp, password));
    }
    phase[0] = "logging in";
    if (ftp instanceof FTPSClient ftps) {
      ftps.execPBSZ(0);
      ftps.execPROT("P");
    }
    if (!ftp.login(user, password)) {
      return Observation.down(
          where + ": login refused for user '" + user + "': " + reply(ftp, password));
    }
    ftp.enterLocalPassiveMode();
    ftp.setDataTimeout(Duration.ofMillis(left(deadline)));
    phase[0] = "asking the server's features";
    boolean mlsd = ftp.features() && ftp.hasFeature(FTPCmd.MLST);
    phase[0] = "listing " + path + (mlsd ? " (MLSD)" : " (LIST)");
    ftp.setSoTimeout(left(deadline));
    List<String> lines = client.listLines(mlsd ? FTPCmd.MLSD : FTPCmd.LIST, path);
    if (lines == null) {
      return Observation.down(where + ": cannot list the folder: " + reply(ftp, password));
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : lines) {
      FTPFile f =
          mlsd ? MLSxEntryParser.parseEntry(line) : new UnixFTPEntryParser().parseFTPEntry(line);
      if (f == null || !f.isFile() || !matcher.test(f.getName())) {
        continue;
      }
      Instant modified = mlsd && f.getTimestamp() != null ? f.getTimestamp().toInstant() : null;
      entries.add(new Entry(f.getName(), f.getSize(), modified));
    }
    if (!mlsd) {
      if (entries.size() > MAX_MDTM) {
        return Observation.down(
            where
                + ": "
                + entries.size()
                + " matching files, more than the "
                + MAX_MDTM
                + " the LIST+MDTM fallback asks one by one; narrow the pattern");
      }
      phase[0] = "asking file times (MDTM)";
      List<Entry> dated = new ArrayList<>();
      String dir = path.endsWith("/") ? path : path + "/";
      for (Entry e : entries) {
        Instant t = ftp.mdtmInstant(dir + e.name());
        if (t == null) {
          return Observation.down(
              where + ": MDTM " + e.name() + " failed: " + reply(ftp, password));
        }
        dated.add(new Entry(e.name(), e.size(), t));
      }
      entries = dated;
    }
    phase[0] = "logging out";
    ftp.logout();
    return judge(where, pattern, entries, maxAge, minRatio);
  }

  static Observation judge(
      String where, String pattern, List<Entry> entries, Duration maxAge, double minRatio) {
    Map<String, Double> figures = new HashMap<>();
    figures.put("file_count", (double) entries.size());
    List<Entry> sorted =
        entries.stream()
            .filter(e -> e.modified() != null)
            .sorted(Comparator.comparing(Entry::modified).reversed())
            .toList();
    if (sorted.isEmpty()) {
      return Observation.down("no backup matching '" + pattern + "' in " + where, figures);
    }
    Entry newest = sorted.get(0);
    Duration age = Duration.between(newest.modified(), Instant.now());
    figures.put("age_seconds", age.toMillis() / 1000.0);
    figures.put("size_bytes", (double) newest.size());
    Double ratio = null;
    if (sorted.size() > 1 && sorted.get(1).size() > 0) {
      ratio = (double) newest.size() / sorted.get(1).size();
      figures.put("size_change_ratio", ratio);
    }
    if (age.compareTo(maxAge) > 0) {
      return Observation.down(
          "newest backup "
              + newest.name()
              + " is "
              + human(age)
              + " old (max "
              + Durations.format(maxAge)
              + ")",
          figures);
    }
    if (ratio != null && ratio < minRatio) {
      Entry previous = sorted.get(1);
      return new Observation(
          Outcome.DEGRADED,
          String.format(
              Locale.ROOT,
              "newest backup %s is %d bytes, %.0f%% of the previous one (%s, %d bytes; min %.0f%%)",
              newest.name(),
              newest.size(),
              ratio * 100,
              previous.name(),
              previous.size(),
              minRatio * 100),
          figures);
    }
    return Observation.up(figures);
  }

  /** {@code regex:…} is a Java regex; anything else a glob ({@code *}, {@code ?}, {@code [..]}). */
  static Predicate<String> matcher(String pattern) {
    if (pattern.startsWith("regex:")) {
      Pattern p = Pattern.compile(pattern.substring("regex:".length()));
      return name -> p.matcher(name).matches();
    }
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    return name -> !name.contains("/") && glob.matches(Path.of(name));
  }

  /** A duration as people read it: {@code 3d 4h}, {@code 5h 12m}, {@code 40s}. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    return minutes > 0 ? minutes + "m " + s % 60 + "s" : s + "s";
  }

  private static String reply(FTPClient ftp, String password) {
    String r = ftp.getReplyString();
    return Secrets.redact(r == null ? "no reply" : r.trim(), List.of(password));
  }
}
