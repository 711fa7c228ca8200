package org.vigie.probe.dns;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;
import org.vigie.probe.tcp.TcpProbe;

/**
 * DNS probe: asks one server (the device, or {@code server}) for a name and record type with
 * Vert.x's {@link DnsClient} and checks the response code and, optionally, that an expected value
 * is among the answers.
 *
 * <p>A NOERROR answer without any record of the type is DOWN ("no A record"): a check names a
 * record because it must exist. Answers are compared as text: addresses as written by the resolver,
 * names without the trailing dot, MX as {@code name} or {@code "priority name"}, SRV as {@code
 * "priority weight port target"} or {@code target}. A PTR query for an IP address asks for its
 * {@code in-addr.arpa}/{@code ip6.arpa} name.
 *
 * <p>Figures: {@code answer_count}, {@code lookup_seconds}, {@code rcode} (numeric).
 */
public final class DnsProbe implements Probe {
  /** The record types asked for. */
  public static final List<String> TYPES =
      List.of("A", "AAAA", "MX", "TXT", "NS", "PTR", "SRV", "CNAME");

  /**
   * Parameters: {@code query} (the name asked, required; {@code name} is every check's own name),
   * {@code type} (A), {@code server}, {@code port} (53), …
   */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          Map.of(
              "query", ParamType.STRING,
              "type", ParamType.STRING,
              "server", ParamType.STRING,
              "port", ParamType.PORT,
              "expect", ParamType.STRING,
              "expect-rcode", ParamType.STRING),
          Set.of("query"));

  /** DNS clients kept for reuse, by server, port and timeout; least recently used goes first. */
  private static final int MAX_CLIENTS = 256;

  private final Vertx vertx;
  private final Map<String, DnsClient> clients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DnsClient> eldest) {
          if (size() > MAX_CLIENTS) {
            eldest.getValue().close();
            return true;
          }
          return false;
        }
      };

  public DnsProbe(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    var spec = check.spec();
    String name = spec.param("query", "");
    String type = spec.param("type", "A").toUpperCase(Locale.ROOT);
    String server = spec.param("server", check.device().address());
    int port = Integer.parseInt(spec.param("port", "53"));
    String expect = spec.params().get("expect");
    String expectRcode = spec.param("expect-rcode", "NOERROR").toUpperCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      return Future.succeededFuture(
          Observation.down(
              "unknown DNS record type '" + type + "' (expected one of " + TYPES + ")"));
    }
    try {
      DnsResponseCode.valueOf(expectRcode);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(
          Observation.down("unknown DNS response code '" + expectRcode + "' in expect-rcode"));
    }
    long timeoutMs = Math.max(1, context.timeout().toMillis());
    DnsClient client = client(server, port, timeoutMs);
    String what = type + " " + name + " @" + server + ":" + port;
    long t0 = System.nanoTime();
    return query(client, type, name)
        // The client's own query timeout should fire first; this bounds a misbehaving one too.
        .timeout(timeoutMs + 100, TimeUnit.MILLISECONDS)
        .transform(
            ar -> {
              Map<String, Double> figures = new HashMap<>();
              figures.put("lookup_seconds", (System.nanoTime() - t0) / 1e9);
              if (ar.failed()) {
                if (!(ar.cause() instanceof DnsException dns)) {
                  return Future.succeededFuture(
                      Observation.down(
                          what + ": no valid answer: " + TcpProbe.reason(ar.cause()), figures));
                }
                figures.put("rcode", (double) dns.code().code());
                figures.put("answer_count", 0.0);
                return Future.succeededFuture(
                    dns.code().name().equals(expectRcode)
                        ? Observation.up(figures)
                        : Observation.down(
                            what + " answered " + dns.code().name() + ", expected " + expectRcode,
                            figures));
              }
              List<String> answers = ar.result();
              figures.put("rcode", 0.0);
              figures.put("answer_count", (double) answers.size());
              if (!expectRcode.equals("NOERROR")) {
                return Future.succeededFuture(
                    Observation.down(what + " answered NOERROR, expected " + expectRcode, figures));
              }
              if (answers.isEmpty()) {
                return Future.succeededFuture(
                    Observation.down(what + ": no " + type + " record", figures));
              }
              if (expect != null && answers.stream().noneMatch(a -> matches(a, expect))) {
                return Future.succeededFuture(
                    Observation.down(
                        what + ": '" + expect + "' not among the answers " + answers, figures));
              }
              return Future.succeededFuture(Observation.up(figures));
            });
  }

  private synchronized DnsClient client(String server, int port, long timeoutMs) {
    return clients.computeIfAbsent(
        server + "|" + port + "|" + timeoutMs,
        k ->
            vertx.createDnsClient(
                new DnsClientOptions()
                    .setHost(server)
                    .setPort(port)
                    .setQueryTimeout(timeoutMs)
                    .setRecursionDesired(true)));
  }

  private static Future<List<String>> query(DnsClient client, String type, String name) {
    return switch (type) {
      case "A" -> client.resolveA(name);
      case "AAAA" -> client.resolveAAAA(name);
      case "CNAME" -> client.resolveCNAME(name).map(DnsProbe::trimDots);
      case "NS" -> client.resolveNS(name).map(DnsProbe::trimDots);
      case "TXT" -> client.resolveTXT(name);
      case "MX" ->
          client
              .resolveMX(name)
              .map(l -> l.stream().map(mx -> mx.priority() + " " + trimDot(mx.name())).toList());
      case "SRV" ->
          client
              .resolveSRV(name)
              .map(
                  l ->
                      l.stream()
                          .map(
                              s ->
                                  s.priority()
                                      + " "
                                      + s.weight()
                                      + " "
                                      + s.port()
                                      + " "
                                      + trimDot(s.target()))
                          .toList());
      case "PTR" ->
          client
              .resolvePTR(reverseName(name))
              .map(p -> p == null ? List.of() : List.of(trimDot(p)));
      default -> throw new IllegalArgumentException(type);
    };
  }

  /** True if {@code answer} is {@code expect}, or ends with {@code " " + expect} (MX, SRV). */
  static boolean matches(String answer, String expect) {
    String a = trimDot(answer);
    String e = trimDot(expect);
    return a.equalsIgnoreCase(e)
        || a.toLowerCase(Locale.ROOT).endsWith(" " + e.toLowerCase(Locale.ROOT));
  }

  private static List<String> trimDots(List<String> names) {
    return names.stream().map(DnsProbe::trimDot).toList();
  }

  private static String trimDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** The reverse-lookup name of an IP literal; any other name is asked as written. */
  static String reverseName(String name) {
    if (!name.matches("[0-9.]+") && !name.contains(":")) {
      return name;
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(name).getAddress(); // a literal: no lookup is made
    } catch (UnknownHostException e) {
      return name;
    }
    StringBuilder sb = new StringBuilder();
    if (bytes.length == 4) {
      for (int i = 3; i >= 0; i--) {
        sb.append(bytes[i] & 0xff).append('.');
      }
      return sb.append("in-addr.arpa").toString();
    }
    for (int i = bytes.length - 1; i >= 0; i--) {
      sb.append(Integer.toHexString(bytes[i] & 0xf)).append('.');
      sb.append(Integer.toHexString((bytes[i] >> 4) & 0xf)).append('.');
    }
    return sb.append("ip6.arpa").toString();
  }
}
