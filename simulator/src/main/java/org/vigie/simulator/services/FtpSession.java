package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.simulator.services.BackupCatalog.BackupFile;

/**
 * One FTP control connection. Commands are handled strictly one after another (each waits for the
 * previous reply, delays included), all on the control socket's event loop; the passive data
 * listener is created from that loop too, so no state here is shared between threads except by
 * {@link #close()}, which only closes sockets.
 */
final class FtpSession {
  private static final Logger LOG = LoggerFactory.getLogger(FtpSession.class);

  private static final DateTimeFormatter MDTM =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LS_TIME =
      DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final long DATA_CONNECT_TIMEOUT_SECONDS = 10;
  private static final int MAX_LINE = 4096;

  private final Vertx vertx;
  private final String deviceKey;
  private final String host;
  private final NetSocket control;
  private final BackupCatalog catalog;
  private final DeviceFaults faults;
  private final Consumer<FtpSession> onClose;

  private Future<Void> tail = Future.succeededFuture();
  private String user;
  private boolean loggedIn;
  private String cwd = "/";
  private volatile DataChannel data;

  /** A passive-mode data connection: a one-shot listener and the socket it accepts. */
  private static final class DataChannel {
    final Promise<NetSocket> socket = Promise.promise();
    volatile NetServer server;

    Future<Void> close() {
      NetServer s = server;
      server = null;
      Future<Void> a = s == null ? Future.succeededFuture() : s.close().otherwiseEmpty();
      socket.tryFail("data channel closed");
      Future<Void> b = socket.future().compose(NetSocket::close).otherwiseEmpty();
      return Future.join(a, b).mapEmpty();
    }
  }

  FtpSession(
      Vertx vertx,
      String deviceKey,
      String host,
      NetSocket control,
      BackupCatalog catalog,
      DeviceFaults faults,
      Consumer<FtpSession> onClose) {
    this.vertx = vertx;
    this.deviceKey = deviceKey;
    this.host = host;
    this.control = control;
    this.catalog = catalog;
    this.faults = faults;
    this.onClose = onClose;
  }

  void begin() {
    RecordParser parser = RecordParser.newDelimited("\n", control);
    parser.maxRecordSize(MAX_LINE);
    parser.exceptionHandler(
        e -> {
          LOG.debug("{}: dropping FTP session: {}", deviceKey, e.getMessage());
          control.close();
        });
    parser.handler(
        line -> {
          String text = line.toString(StandardCharsets.UTF_8);
          tail = tail.transform(ar -> handleSafely(text.strip()));
        });
    control.closeHandler(
        v -> {
          closeData();
          onClose.accept(this);
        });
    tail = reply("220 Vigie simulated backup server of " + deviceKey + " ready");
  }

  Future<Void> close() {
    closeData();
    return control.close().otherwiseEmpty();
  }

  private void closeData() {
    DataChannel dc = data;
    data = null;
    if (dc != null) {
      dc.close();
    }
  }

  private Future<Void> reply(String text) {
    return faults.pause(vertx).compose(v -> control.write(text + "\r\n"));
  }

  private Future<Void> handleSafely(String line) {
    try {
      return handle(line).otherwiseEmpty();
    } catch (RuntimeException e) {
      LOG.warn("{}: FTP command '{}' failed", deviceKey, line, e);
      return reply("451 Local error in processing").otherwiseEmpty();
    }
  }

  private Future<Void> handle(String line) {
    if (line.isEmpty()) {
      return Future.succeededFuture();
    }
    int space = line.indexOf(' ');
    String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String arg = space < 0 ? "" : line.substring(space + 1).strip();
    switch (verb) {
      case "USER" -> {
        user = arg;
        loggedIn = false;
        return reply("331 Password required for " + arg);
      }
      case "PASS" -> {
        if (user == null) {
          return reply("503 Login with USER first");
        }
        loggedIn = FtpService.USER.equals(user) && FtpService.PASSWORD.equals(arg);
        return reply(loggedIn ? "230 User " + user + " logged in" : "530 Login incorrect");
      }
      case "QUIT" -> {
        return reply("221 Goodbye").eventually(control::close);
      }
      case "SYST" -> {
        return reply("215 UNIX Type: L8");
      }
      case "FEAT" -> {
        return reply(
            "211-Features:\r\n MDTM\r\n MLST type*;size*;modify*;\r\n SIZE\r\n EPSV\r\n UTF8\r\n"
                + "211 End");
      }
      case "OPTS" -> {
        String option = arg.toUpperCase(Locale.ROOT);
        if (option.startsWith("UTF8")) {
          return reply("200 UTF8 mode is always on");
        }
        if (option.startsWith("MLST")) {
          return reply("200 MLST OPTS type;size;modify;");
        }
        return reply("501 Option not understood");
      }
      case "NOOP" -> {
        return reply("200 NOOP ok");
      }
      default -> {
        // Everything below needs a login.
      }
    }
    if (!loggedIn) {
      return reply("530 Please login with USER and PASS");
    }
    return switch (verb) {
      case "PWD", "XPWD" -> reply("257 \"" + cwd + "\" is the current directory");
      case "CWD", "XCWD" -> changeDirectory(resolve(arg));
      case "CDUP", "XCUP" -> changeDirectory(resolve(".."));
      case "TYPE" -> {
        String type = arg.toUpperCase(Locale.ROOT);
        yield type.equals("A") || type.equals("I") || type.equals("A N") || type.equals("L 8")
            ? reply("200 Type set to " + type)
            : reply("504 Type not supported: " + arg);
      }
      case "MODE" ->
          arg.equalsIgnoreCase("S") ? reply("200 Mode set to S") : reply("504 Only mode S");
      case "STRU" ->
          arg.equalsIgnoreCase("F") ? reply("200 Structure set to F") : reply("504 Only STRU F");
      case "PASV" -> passive(false, arg);
      case "EPSV" -> passive(true, arg);
      case "PORT", "EPRT" -> reply("502 Active mode is not supported, use PASV or EPSV");
      case "LIST" -> list(arg, this::lsLine);
      case "NLST" -> list(arg, n -> n.name);
      case "MLSD" -> mlsd(arg);
      case "MLST" -> mlst(arg);
      case "MDTM" -> {
        Optional<Node> n = lookup(resolve(arg)).filter(x -> !x.dir);
        yield n.isPresent()
            ? reply("213 " + MDTM.format(n.get().modified))
            : reply("550 " + arg + ": No such file");
      }
      case "SIZE" -> {
        Optional<Node> n = lookup(resolve(arg)).filter(x -> !x.dir);
        yield n.isPresent() ? reply("213 " + n.get().size) : reply("550 " + arg + ": No such file");
      }
      case "RETR" -> retrieve(arg);
      case "ABOR" -> reply("226 No transfer to abort");
      case "STOR", "STOU", "APPE", "DELE", "RMD", "XRMD", "MKD", "XMKD", "RNFR", "RNTO", "SITE" ->
          reply("550 Permission denied: the backup folder is read-only");
      default -> reply("502 Command not implemented: " + verb);
    };
  }

  /** A file or folder of the simulated file system. */
  private record Node(String path, String name, boolean dir, long size, Instant modified) {}

  private String resolve(String arg) {
    String p = arg.isEmpty() ? cwd : arg.startsWith("/") ? arg : cwd + "/" + arg;
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : p.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(segment);
      }
    }
    return "/" + String.join("/", parts);
  }

  private Optional<Node> lookup(String path) {
    if (path.equals("/")) {
      return Optional.of(new Node("/", "/", true, 4096, catalog.folderModified()));
    }
    if (path.equals(BackupCatalog.FOLDER)) {
      return Optional.of(new Node(path, path.substring(1), true, 4096, catalog.folderModified()));
    }
    if (path.startsWith(BackupCatalog.FOLDER + "/")) {
      String name = path.substring(BackupCatalog.FOLDER.length() + 1);
      return catalog.file(name).map(f -> fileNode(f));
    }
    return Optional.empty();
  }

  private static Node fileNode(BackupFile f) {
    return new Node(BackupCatalog.FOLDER + "/" + f.name(), f.name(), false, f.size(), f.modified());
  }

  private List<Node> children(Node dir) {
    if (dir.path.equals("/")) {
      return List.of(lookup(BackupCatalog.FOLDER).orElseThrow());
    }
    return catalog.files().stream().map(FtpSession::fileNode).toList();
  }

  private Future<Void> changeDirectory(String path) {
    Optional<Node> n = lookup(path).filter(x -> x.dir);
    if (n.isEmpty()) {
      return reply("550 " + path + ": No such directory");
    }
    cwd = path;
    return reply("250 Directory changed to " + path);
  }

  private Future<Void> passive(boolean extended, String arg) {
    if (extended && arg.equalsIgnoreCase("ALL")) {
      return reply("200 EPSV ALL ok");
    }
    if (extended && !arg.isEmpty() && !arg.equals("1")) {
      return reply("522 Network protocol not supported, use (1)");
    }
    closeData();
    DataChannel dc = new DataChannel();
    data = dc;
    return vertx
        .createNetServer()
        .connectHandler(
            s -> {
              if (!dc.socket.tryComplete(s)) {
                s.close();
              }
            })
        .listen(0, host)
        .compose(
            server -> {
              dc.server = server;
              int p = server.actualPort();
              return extended
                  ? reply("229 Entering Extended Passive Mode (|||" + p + "|)")
                  : reply(
                      "227 Entering Passive Mode ("
                          + host.replace('.', ',')
                          + ","
                          + (p >> 8)
                          + ","
                          + (p & 0xff)
                          + ")");
            },
            e -> {
              LOG.warn("{}: cannot open a passive data listener on {}", deviceKey, host, e);
              return reply("425 Cannot open data connection");
            });
  }

  /** Sends {@code payload} over the pending data connection, framed by 150 and 226 replies. */
  private Future<Void> transfer(Buffer payload, String what) {
    DataChannel dc = data;
    data = null;
    if (dc == null) {
      return reply("425 Use PASV or EPSV first");
    }
    return reply("150 Opening data connection for " + what)
        .compose(v -> dc.socket.future().timeout(DATA_CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .compose(socket -> socket.write(payload).compose(v -> socket.close()))
        .eventually(dc::close)
        .transform(
            ar ->
                ar.succeeded()
                    ? reply("226 Transfer complete")
                    : reply("425 Cannot open data connection"));
  }

  private Future<Void> list(String arg, Function<Node, String> format) {
    // Clients may pass ls options ("LIST -la"): ignore them.
    String path =
        arg.startsWith("-") ? (arg.contains(" ") ? arg.substring(arg.indexOf(' ') + 1) : "") : arg;
    Optional<Node> n = lookup(resolve(path.strip()));
    if (n.isEmpty()) {
      closeData();
      return reply("550 " + arg + ": No such file or directory");
    }
    List<Node> nodes = n.get().dir ? children(n.get()) : List.of(n.get());
    StringBuilder out = new StringBuilder();
    nodes.forEach(x -> out.append(format.apply(x)).append("\r\n"));
    return transfer(Buffer.buffer(out.toString(), "UTF-8"), "file list");
  }

  private String lsLine(Node n) {
    return String.format(
        Locale.ROOT,
        "%s 1 vigie vigie %12d %s %s",
        n.dir ? "drwxr-xr-x" : "-rw-r--r--",
        n.size,
        LS_TIME.format(n.modified),
        n.name);
  }

  private static String facts(Node n) {
    return (n.dir ? "type=dir;" : "type=file;size=" + n.size + ";")
        + "modify="
        + MDTM.format(n.modified)
        + "; ";
  }

  private Future<Void> mlsd(String arg) {
    Optional<Node> n = lookup(resolve(arg)).filter(x -> x.dir);
    if (n.isEmpty()) {
      closeData();
      return reply("550 " + arg + ": No such directory");
    }
    StringBuilder out = new StringBuilder();
    children(n.get()).forEach(x -> out.append(facts(x)).append(x.name).append("\r\n"));
    return transfer(Buffer.buffer(out.toString(), "UTF-8"), "MLSD");
  }

  private Future<Void> mlst(String arg) {
    Optional<Node> n = lookup(resolve(arg));
    if (n.isEmpty()) {
      return reply("550 " + arg + ": No such file or directory");
    }
    return reply(
        "250-Listing " + n.get().path + "\r\n " + facts(n.get()) + n.get().path + "\r\n250 End");
  }

  private Future<Void> retrieve(String arg) {
    Optional<BackupFile> file =
        lookup(resolve(arg)).filter(x -> !x.dir).flatMap(x -> catalog.file(x.name));
    if (file.isEmpty()) {
      closeData();
      return reply("550 " + arg + ": No such file");
    }
    return transfer(Buffer.buffer(catalog.content(file.get())), file.get().name());
  }
}
