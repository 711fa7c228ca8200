package org.vigie.probe.snmp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.snmp4j.AbstractTarget;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC128SHA224;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES192;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.DefaultPDUFactory;
import org.snmp4j.util.TableEvent;
import org.snmp4j.util.TableListener;
import org.snmp4j.util.TableUtils;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Outcome;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;
import org.vigie.probe.SecretResolver;
import org.vigie.probe.Secrets;

/**
 * SNMP probe (v2c and v3, SNMP4J's asynchronous API): uptime and reboots, interfaces (status,
 * throughput, utilisation), disks and processor load of a router, switch, access point or server.
 *
 * <p>One {@link Snmp} session on one UDP transport serves every check of this probe instance;
 * SNMP4J calls back on its own threads, and results are handed back to the calling Vert.x context.
 * Per check it keeps the previous run's uptime and octet counters (a bounded map by check key), so
 * a decrease of {@code sysUpTime} is a reboot and counter deltas give bits per second.
 *
 * <p>Figures: {@code uptime_seconds}, {@code rebooted} (0/1), {@code interfaces_up}, {@code
 * interfaces_down}; per watched interface {@code oper_up:NAME}, {@code in_bps:NAME}, {@code
 * out_bps:NAME}, {@code in_utilisation:NAME}, {@code out_utilisation:NAME}; per fixed disk {@code
 * disk_used_ratio:DESCR}; {@code cpu_load_ratio}. A figure name with a colon carries a label
 * (interface or disk) after it.
 *
 * <p>Judgement: no answer → DOWN; a watched interface not up → DOWN; a reboot since the previous
 * run, a fixed disk above {@code max-disk-used} or an interface above {@code max-utilisation} →
 * DEGRADED. Community and passwords are secret references ({@code file:} or {@code env:}) resolved
 * by {@link SecretResolver} before each run (a missing secret is DOWN naming the file or variable);
 * their values never appear in a reason.
 */
public final class SnmpProbe implements Probe {
  /** Parameters; see docs/configuration.md. */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          Map.ofEntries(
              Map.entry("version", ParamType.STRING),
              Map.entry("community", ParamType.SECRET),
              Map.entry("user", ParamType.STRING),
              Map.entry("auth-protocol", ParamType.STRING),
              Map.entry("auth-password", ParamType.SECRET),
              Map.entry("priv-protocol", ParamType.STRING),
              Map.entry("priv-password", ParamType.SECRET),
              Map.entry("port", ParamType.PORT),
              Map.entry("interfaces", ParamType.REGEX),
              Map.entry("wan-interface", ParamType.REGEX),
              Map.entry("max-utilisation", ParamType.STRING),
              Map.entry("max-disk-used", ParamType.STRING)),
          Set.of());

  static final OID SYS_UPTIME = new OID("1.3.6.1.2.1.1.3.0");
  static final OID IF_DESCR = new OID("1.3.6.1.2.1.2.2.1.2");
  static final OID IF_TYPE = new OID("1.3.6.1.2.1.2.2.1.3");
  static final OID IF_ADMIN = new OID("1.3.6.1.2.1.2.2.1.7");
  static final OID IF_OPER = new OID("1.3.6.1.2.1.2.2.1.8");
  static final OID IF_NAME = new OID("1.3.6.1.2.1.31.1.1.1.1");
  static final OID IF_HC_IN = new OID("1.3.6.1.2.1.31.1.1.1.6");
  static final OID IF_HC_OUT = new OID("1.3.6.1.2.1.31.1.1.1.10");
  static final OID IF_HIGH_SPEED = new OID("1.3.6.1.2.1.31.1.1.1.15");
  static final OID HR_STORAGE_TYPE = new OID("1.3.6.1.2.1.25.2.3.1.2");
  static final OID HR_STORAGE_DESCR = new OID("1.3.6.1.2.1.25.2.3.1.3");
  static final OID HR_STORAGE_UNITS = new OID("1.3.6.1.2.1.25.2.3.1.4");
  static final OID HR_STORAGE_SIZE = new OID("1.3.6.1.2.1.25.2.3.1.5");
  static final OID HR_STORAGE_USED = new OID("1.3.6.1.2.1.25.2.3.1.6");
  static final OID HR_STORAGE_FIXED_DISK = new OID("1.3.6.1.2.1.25.2.1.4");
  static final OID HR_PROCESSOR_LOAD = new OID("1.3.6.1.2.1.25.3.3.1.2");

  /** Rows read per table at most, so an agent cannot make a walk endless. */
  static final int MAX_ROWS = 4_096;

  /** Checks whose previous counters are kept; the least recently run are forgotten first. */
  static final int MAX_REMEMBERED = 100_000;

  private final Vertx vertx;
  private final SecretResolver secrets;
  private Snmp snmp;
  private USM usm;
  private final Map<String, String> usersRegistered = new HashMap<>();
  private final Map<String, Previous> previous =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Previous> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };

  /** What the previous run of one check saw. */
  record Previous(long uptimeTicks, long atNanos, Map<String, long[]> octets) {}

  /** The resolved secrets of one run; null where the check does not set the parameter. */
  private record Credentials(String community, String authPassword, String privPassword) {
    List<String> values() {
      List<String> out = new ArrayList<>();
      for (String v : new String[] {community, authPassword, privPassword}) {
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
  }

  /**
   * @param secrets resolves {@code community}, {@code auth-password} and {@code priv-password}
   *     before each run
   */
  public SnmpProbe(Vertx vertx, SecretResolver secrets) {
    this.vertx = vertx;
    this.secrets = secrets;
  }

  /** The shared session, opened on first use so that estates without SNMP bind no socket. */
  private synchronized Snmp session() throws IOException {
    if (snmp == null) {
      SecurityProtocols protocols =
          new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.maxCompatibility);
      OctetString engine = new OctetString(MPv3.createLocalEngineID());
      usm = new USM(protocols, engine, 0);
      MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
      dispatcher.addMessageProcessingModel(new MPv2c());
      dispatcher.addMessageProcessingModel(
          new MPv3(
              engine.getValue(),
              null,
              protocols,
              SecurityModels.getCollection(new SecurityModel[] {usm}),
              CounterSupport.getInstance()));
      DefaultUdpTransportMapping transport =
          new DefaultUdpTransportMapping(new UdpAddress("0.0.0.0/0"));
      transport.setThreadName("vigie-snmp");
      Snmp s = new Snmp(dispatcher, transport);
      s.listen();
      snmp = s;
      ((VertxInternal) vertx)
          .addCloseHook(
              completion -> {
                try {
                  s.close();
                } catch (IOException e) {
                  // Closing at shutdown: nothing left to do.
                }
                completion.succeed();
              });
    }
    return snmp;
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    var spec = check.spec();
    String target = check.device().address() + ":" + spec.param("port", "161");
    Future<String> community = resolve(spec.params().get("community"));
    Future<String> authPassword = resolve(spec.params().get("auth-password"));
    Future<String> privPassword = resolve(spec.params().get("priv-password"));
    return Future.all(community, authPassword, privPassword)
        .transform(
            ar ->
                ar.succeeded()
                    ? run(
                        check,
                        context,
                        target,
                        new Credentials(
                            community.result(), authPassword.result(), privPassword.result()))
                    // The resolver names the file or variable, never a value.
                    : Future.succeededFuture(
                        Observation.down(target + ": " + ar.cause().getMessage())));
  }

  private Future<String> resolve(String ref) {
    return ref == null ? Future.succeededFuture(null) : secrets.resolve(ref);
  }

  private Future<Observation> run(
      Check check, ProbeContext context, String target, Credentials credentials) {
    List<String> values = credentials.values();
    try {
      return run(check, context, target, target(check, credentials))
          .recover(
              e -> Future.succeededFuture(Observation.down(target + ": " + describe(e, context))))
          .map(o -> new Observation(o.outcome(), Secrets.redact(o.reason(), values), o.figures()));
    } catch (IOException | RuntimeException e) {
      return Future.succeededFuture(
          Observation.down(Secrets.redact(target + ": " + describe(e, context), values)));
    }
  }

  private static String describe(Throwable e, ProbeContext context) {
    if (e instanceof java.util.concurrent.TimeoutException) {
      return "no complete answer within " + context.timeout().toMillis() + " ms";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private Future<Observation> run(
      Check check, ProbeContext context, String target, AbstractTarget<UdpAddress> t)
      throws IOException {
    Snmp session = session();
    long timeoutMs = Math.max(1, context.timeout().toMillis());
    // Two tries per request within the check's time.
    t.setTimeout(Math.max(1, timeoutMs / 2));
    t.setRetries(1);
    Context ctx = vertx.getOrCreateContext();
    long now = System.nanoTime();
    Future<Variable> uptime = get(session, t, SYS_UPTIME, ctx, target);
    Future<List<VariableBinding[]>> ifs =
        table(
            session,
            t,
            new OID[] {
              IF_DESCR, IF_TYPE, IF_ADMIN, IF_OPER, IF_NAME, IF_HC_IN, IF_HC_OUT, IF_HIGH_SPEED
            },
            ctx);
    Future<List<VariableBinding[]>> storage =
        table(
            session,
            t,
            new OID[] {
              HR_STORAGE_TYPE, HR_STORAGE_DESCR, HR_STORAGE_UNITS, HR_STORAGE_SIZE, HR_STORAGE_USED
            },
            ctx);
    Future<List<VariableBinding[]>> cpu = table(session, t, new OID[] {HR_PROCESSOR_LOAD}, ctx);
    return Future.all(uptime, ifs, storage, cpu)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(
            all ->
                judge(
                    check,
                    target,
                    uptime.result(),
                    ifs.result(),
                    storage.result(),
                    cpu.result(),
                    now));
  }

  private AbstractTarget<UdpAddress> target(Check check, Credentials credentials) {
    var spec = check.spec();
    UdpAddress address = new UdpAddress(check.device().address() + "/" + spec.param("port", "161"));
    String version = spec.param("version", "2c");
    if (version.equals("2c")) {
      CommunityTarget<UdpAddress> t =
          new CommunityTarget<>(
              address,
              new OctetString(
                  credentials.community() == null ? "public" : credentials.community()));
      t.setVersion(SnmpConstants.version2c);
      return t;
    }
    if (!version.equals("3")) {
      throw new IllegalArgumentException("unknown SNMP version '" + version + "' (2c or 3)");
    }
    String user = spec.param("user", "");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("SNMP v3 needs a 'user'");
    }
    OID auth = authProtocol(spec.params().get("auth-protocol"));
    OID priv = privProtocol(spec.params().get("priv-protocol"));
    String authPass = credentials.authPassword();
    String privPass = credentials.privPassword();
    if (auth != null && (authPass == null || authPass.length() < 8)) {
      throw new IllegalArgumentException("auth-password must have at least 8 characters");
    }
    if (priv != null && (auth == null || privPass == null || privPass.length() < 8)) {
      throw new IllegalArgumentException(
          "privacy needs an auth-protocol and a priv-password of at least 8 characters");
    }
    registerUser(user, auth, authPass, priv, privPass);
    UserTarget<UdpAddress> t = new UserTarget<>();
    t.setAddress(address);
    t.setVersion(SnmpConstants.version3);
    t.setSecurityName(new OctetString(user));
    t.setSecurityLevel(
        priv != null
            ? SecurityLevel.AUTH_PRIV
            : auth != null ? SecurityLevel.AUTH_NOPRIV : SecurityLevel.NOAUTH_NOPRIV);
    return t;
  }

  /**
   * Adds a v3 user to the shared USM. Users are known by name: one set of credentials per user name
   * for the whole estate (the usual practice: one monitoring user); a check with other credentials
   * for the same name replaces them.
   */
  private synchronized void registerUser(
      String user, OID auth, String authPass, OID priv, String privPass) {
    String fingerprint = auth + "|" + authPass + "|" + priv + "|" + privPass;
    if (fingerprint.equals(usersRegistered.get(user))) {
      return;
    }
    usm.addUser(
        new OctetString(user),
        new UsmUser(
            new OctetString(user),
            auth,
            authPass == null ? null : new OctetString(authPass),
            priv,
            privPass == null ? null : new OctetString(privPass)));
    usersRegistered.put(user, fingerprint);
  }

  static OID authProtocol(String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "MD5" -> AuthMD5.ID;
      case "SHA", "SHA1", "SHA-1" -> AuthSHA.ID;
      case "SHA-224", "SHA224" -> AuthHMAC128SHA224.ID;
      case "SHA-256", "SHA256" -> AuthHMAC192SHA256.ID;
      case "SHA-384", "SHA384" -> AuthHMAC256SHA384.ID;
      case "SHA-512", "SHA512" -> AuthHMAC384SHA512.ID;
      default ->
          throw new IllegalArgumentException(
              "unknown auth-protocol '"
                  + name
                  + "' (MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512)");
    };
  }

  static OID privProtocol(String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "DES" -> PrivDES.ID;
      case "AES", "AES128", "AES-128" -> PrivAES128.ID;
      case "AES192", "AES-192" -> PrivAES192.ID;
      case "AES256", "AES-256" -> PrivAES256.ID;
      default ->
          throw new IllegalArgumentException(
              "unknown priv-protocol '" + name + "' (DES, AES128, AES192, AES256)");
    };
  }

  private static Future<Variable> get(
      Snmp session, AbstractTarget<UdpAddress> t, OID oid, Context ctx, String target)
      throws IOException {
    Promise<Variable> promise = Promise.promise();
    PDU pdu = DefaultPDUFactory.createPDU(t, PDU.GET);
    pdu.add(new VariableBinding(oid));
    session.send(
        pdu,
        t,
        null,
        new ResponseListener() {
          @Override
          public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
            // SNMP4J keeps a listener until cancelled; this one is done.
            ((Snmp) event.getSource()).cancel(event.getRequest(), this);
            PDU response = event.getResponse();
            String error;
            Variable value = null;
            if (event.getError() != null) {
              error = event.getError().getMessage();
            } else if (response == null) {
              error = "no answer within " + t.getTimeout() * (t.getRetries() + 1) + " ms";
            } else if (response.getType() == PDU.REPORT) {
              error = "the agent refused the request (" + report(response) + ")";
            } else if (response.getErrorStatus() != 0) {
              error = "the agent answered " + response.getErrorStatusText();
            } else if (response.size() == 0 || response.get(0).getVariable().isException()) {
              error = "no value for " + oid;
            } else {
              error = null;
              value = response.get(0).getVariable();
            }
            Variable v = value;
            ctx.runOnContext(
                x -> {
                  if (error == null) {
                    promise.tryComplete(v);
                  } else {
                    promise.tryFail(error);
                  }
                });
          }
        });
    return promise.future();
  }

  private static String report(PDU report) {
    if (report.size() == 0) {
      return "report";
    }
    OID oid = report.get(0).getOid();
    if (oid.startsWith(SnmpConstants.usmStatsUnknownUserNames)) {
      return "unknown user name";
    }
    if (oid.startsWith(SnmpConstants.usmStatsWrongDigests)) {
      return "wrong digest: authentication password or protocol";
    }
    if (oid.startsWith(SnmpConstants.usmStatsDecryptionErrors)) {
      return "decryption error: privacy password or protocol";
    }
    if (oid.startsWith(SnmpConstants.usmStatsUnsupportedSecLevels)) {
      return "unsupported security level";
    }
    return "report " + oid;
  }

  private static Future<List<VariableBinding[]>> table(
      Snmp session, AbstractTarget<UdpAddress> t, OID[] columns, Context ctx) {
    Promise<List<VariableBinding[]>> promise = Promise.promise();
    TableUtils utils = new TableUtils(session, new DefaultPDUFactory(PDU.GETBULK));
    utils.setMaxNumRowsPerPDU(20);
    List<VariableBinding[]> rows = new ArrayList<>();
    utils.getTable(
        t,
        columns,
        new TableListener() {
          private volatile boolean finished;

          @Override
          public synchronized boolean next(TableEvent event) {
            if (event.getColumns() != null) {
              rows.add(event.getColumns());
            }
            return rows.size() < MAX_ROWS;
          }

          @Override
          public synchronized void finished(TableEvent event) {
            finished = true;
            List<VariableBinding[]> copy = List.copyOf(rows);
            String error =
                event.isError()
                    ? event.getErrorMessage()
                        + (event.getReportPDU() != null
                            ? " (" + report(event.getReportPDU()) + ")"
                            : "")
                    : null;
            ctx.runOnContext(
                x -> {
                  if (error == null) {
                    promise.tryComplete(copy);
                  } else {
                    promise.tryFail(error);
                  }
                });
          }

          @Override
          public boolean isFinished() {
            return finished;
          }
        },
        null,
        null,
        null);
    return promise.future();
  }

  private Observation judge(
      Check check,
      String target,
      Variable uptime,
      List<VariableBinding[]> ifRows,
      List<VariableBinding[]> storageRows,
      List<VariableBinding[]> cpuRows,
      long now) {
    var spec = check.spec();
    Map<String, Double> figures = new HashMap<>();
    List<String> down = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    long ticks = uptime.toLong();
    figures.put("uptime_seconds", ticks / 100.0);
    Previous before;
    synchronized (previous) {
      before = previous.get(check.key());
    }
    boolean rebooted = before != null && ticks < before.uptimeTicks();
    figures.put("rebooted", rebooted ? 1.0 : 0.0);
    if (rebooted) {
      degraded.add(
          "rebooted: uptime " + human(ticks / 100) + ", was " + human(before.uptimeTicks() / 100));
    }

    // Interfaces.
    Pattern watch =
        spec.params().containsKey("interfaces")
            ? Pattern.compile(spec.param("interfaces", ""))
            : null;
    Pattern wan =
        spec.params().containsKey("wan-interface")
            ? Pattern.compile(spec.param("wan-interface", ""))
            : null;
    double maxUtil = Double.parseDouble(spec.param("max-utilisation", "0.9"));
    double seconds = before == null ? 0 : (now - before.atNanos()) / 1e9;
    Map<String, long[]> octets = new HashMap<>();
    int up = 0;
    int downCount = 0;
    for (VariableBinding[] row : ifRows) {
      String descr = text(row[0]);
      long type = number(row[1], 0);
      long admin = number(row[2], 0);
      long oper = number(row[3], 0);
      String name = text(row[4]).isEmpty() ? descr : text(row[4]);
      boolean watched =
          watch != null
              ? watch.matcher(name).matches() || watch.matcher(descr).matches()
              : admin == 1 && type != 24; // 24: softwareLoopback
      if (admin == 1 && type != 24) {
        if (oper == 1) {
          up++;
        } else {
          downCount++;
        }
      }
      if (!watched) {
        continue;
      }
      figures.put("oper_up:" + name, oper == 1 ? 1.0 : 0.0);
      if (watch != null && oper != 1) {
        down.add("interface " + name + " is " + operStatus(oper));
      }
      if (row[5] == null || row[6] == null || row[5].getVariable().isException()) {
        continue;
      }
      long in = row[5].getVariable().toLong();
      long out = row[6].getVariable().toLong();
      octets.put(name, new long[] {in, out});
      long[] prev = before == null ? null : before.octets().get(name);
      if (prev == null || seconds <= 0 || rebooted || in < prev[0] || out < prev[1]) {
        continue; // no baseline yet, or the counters were reset
      }
      double inBps = (in - prev[0]) * 8 / seconds;
      double outBps = (out - prev[1]) * 8 / seconds;
      figures.put("in_bps:" + name, inBps);
      figures.put("out_bps:" + name, outBps);
      double downBps;
      double upBps;
      if (wan != null
          && check.device().kind() == DeviceKind.ROUTER
          && (wan.matcher(name).matches() || wan.matcher(descr).matches())
          && check.school().link().downMbps() > 0) {
        // The contracted bandwidth: download is what comes in on the WAN side.
        downBps = check.school().link().downMbps() * 1e6;
        upBps = check.school().link().upMbps() * 1e6;
      } else {
        downBps = number(row[7], 0) * 1e6;
        upBps = downBps;
      }
      if (downBps > 0 && upBps > 0) {
        double inUtil = inBps / downBps;
        double outUtil = outBps / upBps;
        figures.put("in_utilisation:" + name, inUtil);
        figures.put("out_utilisation:" + name, outUtil);
        if (Math.max(inUtil, outUtil) > maxUtil) {
          degraded.add(
              String.format(
                  Locale.ROOT,
                  "interface %s at %.0f%% in, %.0f%% out (max %.0f%%)",
                  name,
                  inUtil * 100,
                  outUtil * 100,
                  maxUtil * 100));
        }
      }
    }
    figures.put("interfaces_up", (double) up);
    figures.put("interfaces_down", (double) downCount);

    // Fixed disks.
    double maxDisk = Double.parseDouble(spec.param("max-disk-used", "0.9"));
    for (VariableBinding[] row : storageRows) {
      if (row[0] == null || !HR_STORAGE_FIXED_DISK.equals(row[0].getVariable())) {
        continue;
      }
      long size = number(row[3], 0);
      long used = number(row[4], 0);
      if (size <= 0) {
        continue;
      }
      String descr = text(row[1]);
      double ratio = (double) used / size;
      figures.put("disk_used_ratio:" + descr, ratio);
      if (ratio > maxDisk) {
        degraded.add(
            String.format(
                Locale.ROOT,
                "disk %s is %.0f%% full (max %.0f%%)",
                descr,
                ratio * 100,
                maxDisk * 100));
      }
    }

    // Processors.
    long loadSum = 0;
    int cpus = 0;
    for (VariableBinding[] row : cpuRows) {
      if (row[0] != null && !row[0].getVariable().isException()) {
        loadSum += row[0].getVariable().toLong();
        cpus++;
      }
    }
    if (cpus > 0) {
      figures.put("cpu_load_ratio", loadSum / 100.0 / cpus);
    }

    synchronized (previous) {
      previous.put(check.key(), new Previous(ticks, now, Map.copyOf(octets)));
    }
    if (!down.isEmpty()) {
      return Observation.down(target + ": " + String.join("; ", down), figures);
    }
    if (!degraded.isEmpty()) {
      return new Observation(
          Outcome.DEGRADED, target + ": " + String.join("; ", degraded), figures);
    }
    return Observation.up(figures);
  }

  private static String operStatus(long status) {
    String[] names = {
      "?", "up", "down", "testing", "unknown", "dormant", "notPresent", "lowerLayerDown"
    };
    return (status >= 1 && status <= 7 ? names[(int) status] : "status " + status)
        + " (ifOperStatus "
        + status
        + ")";
  }

  private static String text(VariableBinding vb) {
    return vb == null || vb.getVariable().isException() ? "" : vb.getVariable().toString();
  }

  private static long number(VariableBinding vb, long fallback) {
    if (vb == null || vb.getVariable().isException()) {
      return fallback;
    }
    try {
      return vb.getVariable().toLong();
    } catch (UnsupportedOperationException e) {
      return fallback;
    }
  }

  private static String human(long seconds) {
    long d = seconds / 86_400;
    long h = seconds % 86_400 / 3_600;
    long m = seconds % 3_600 / 60;
    return d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + m + "m" : m + "m " + seconds % 60 + "s";
  }
}
