package org.vigie.probe;

import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.probe.backup.BackupProbe;
import org.vigie.probe.dns.DnsProbe;
import org.vigie.probe.http.HttpProbe;
import org.vigie.probe.icmp.IcmpPinger;
import org.vigie.probe.icmp.IcmpProbe;
import org.vigie.probe.internal.LazyNio;
import org.vigie.probe.link.LinkProbe;
import org.vigie.probe.ntp.NtpProbe;
import org.vigie.probe.snmp.SnmpProbe;
import org.vigie.probe.tcp.TcpProbe;

/**
 * Every probe kind Vigie ships: the one list from which both the loader's schemas and the running
 * registry are made, so a kind cannot be accepted in configuration yet missing at run time.
 */
public final class ProbeKinds {
  /**
   * What a probe may be built with: the registry's Vert.x instance, its one {@link IcmpPinger} (one
   * socket per address family, shared by the {@code icmp} and {@code link} kinds) and its one
   * {@link SecretResolver} (one cache of secret files for every probe).
   */
  private record ProbeDeps(Vertx vertx, IcmpPinger pinger, SecretResolver secrets, LazyNio nio) {}

  /** A shipped kind and how to build its probe. */
  private record Shipped(String name, CheckKindSchema schema, Function<ProbeDeps, Probe> factory) {}

  private static final List<Shipped> SHIPPED =
      List.of(
          new Shipped("tcp", TcpProbe.SCHEMA, d -> new TcpProbe(d.vertx(), d.nio())),
          new Shipped("http", HttpProbe.SCHEMA, d -> new HttpProbe(d.vertx(), d.nio())),
          new Shipped("dns", DnsProbe.SCHEMA, d -> new DnsProbe(d.vertx())),
          new Shipped("ntp", NtpProbe.SCHEMA, d -> new NtpProbe(d.vertx())),
          new Shipped("snmp", SnmpProbe.SCHEMA, d -> new SnmpProbe(d.vertx(), d.secrets())),
          new Shipped("backup", BackupProbe.SCHEMA, d -> new BackupProbe(d.vertx(), d.secrets())),
          new Shipped("icmp", IcmpProbe.SCHEMA, d -> new IcmpProbe(d.vertx(), d.pinger())),
          new Shipped(
              "link", LinkProbe.SCHEMA, d -> new LinkProbe(new IcmpProbe(d.vertx(), d.pinger()))));

  private ProbeKinds() {}

  /** The parameters of every shipped kind, by name, for the inventory loader. */
  public static Map<String, CheckKindSchema> schemas() {
    Map<String, CheckKindSchema> out = new LinkedHashMap<>();
    SHIPPED.forEach(k -> out.put(k.name(), k.schema()));
    return out;
  }

  /**
   * A registry of every shipped kind, its probes bound to one Vert.x instance, with an empty
   * environment (secrets can then only come from files). The ICMP pinger it makes opens no socket
   * before the first echo, and closes with the Vert.x instance.
   */
  public static ProbeRegistry standard(Vertx vertx) {
    return standard(vertx, Map.of());
  }

  /**
   * As {@link #standard(Vertx)}, secrets given as {@code env:NAME} read from {@code env} (the
   * process environment in production).
   */
  public static ProbeRegistry standard(Vertx vertx, Map<String, String> env) {
    return standard(vertx, new IcmpPinger(vertx), new SecretResolver(vertx, env));
  }

  /** As {@link #standard(Vertx)}, with a given pinger (e.g. one opened in a network namespace). */
  public static ProbeRegistry standard(Vertx vertx, IcmpPinger pinger) {
    return standard(vertx, pinger, new SecretResolver(vertx, Map.of()));
  }

  /** A registry of every shipped kind built with the given pinger and secret resolver. */
  public static ProbeRegistry standard(Vertx vertx, IcmpPinger pinger, SecretResolver secrets) {
    // One selector thread for the plain TCP and HTTP checks of this registry.
    ProbeDeps deps = new ProbeDeps(vertx, pinger, secrets, new LazyNio(vertx));
    ProbeRegistry registry = new ProbeRegistry();
    SHIPPED.forEach(
        k -> registry.register(new ProbeKind(k.name(), k.schema(), k.factory().apply(deps))));
    return registry;
  }
}
