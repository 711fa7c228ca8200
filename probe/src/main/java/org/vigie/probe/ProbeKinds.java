package org.vigie.probe;

import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.probe.backup.BackupProbe;
import org.vigie.probe.dns.DnsProbe;
import org.vigie.probe.http.HttpProbe;
import org.vigie.probe.icmp.IcmpPinger;
import org.vigie.probe.icmp.IcmpProbe;
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
   * A shipped kind. The factory gets the registry's Vert.x instance and its one {@link IcmpPinger}
   * (one socket per address family, shared by the {@code icmp} and {@code link} kinds); kinds that
   * need only Vert.x use the three-argument form with a {@code Function}.
   */
  private record Shipped(
      String name, CheckKindSchema schema, BiFunction<Vertx, IcmpPinger, Probe> factory) {
    Shipped(String name, CheckKindSchema schema, Function<Vertx, Probe> factory) {
      this(name, schema, (vertx, pinger) -> factory.apply(vertx));
    }
  }

  private static final List<Shipped> SHIPPED =
      List.of(
          new Shipped("tcp", TcpProbe.SCHEMA, TcpProbe::new),
          new Shipped("http", HttpProbe.SCHEMA, HttpProbe::new),
          new Shipped("dns", DnsProbe.SCHEMA, DnsProbe::new),
          new Shipped("ntp", NtpProbe.SCHEMA, NtpProbe::new),
          new Shipped("snmp", SnmpProbe.SCHEMA, SnmpProbe::new),
          new Shipped("backup", BackupProbe.SCHEMA, BackupProbe::new),
          new Shipped("icmp", IcmpProbe.SCHEMA, IcmpProbe::new),
          new Shipped("link", LinkProbe.SCHEMA, (v, p) -> new LinkProbe(new IcmpProbe(v, p))));

  private ProbeKinds() {}

  /** The parameters of every shipped kind, by name, for the inventory loader. */
  public static Map<String, CheckKindSchema> schemas() {
    Map<String, CheckKindSchema> out = new LinkedHashMap<>();
    SHIPPED.forEach(k -> out.put(k.name(), k.schema()));
    return out;
  }

  /**
   * A registry of every shipped kind, its probes bound to one Vert.x instance. The ICMP pinger it
   * makes opens no socket before the first echo, and closes with the Vert.x instance.
   */
  public static ProbeRegistry standard(Vertx vertx) {
    return standard(vertx, new IcmpPinger(vertx));
  }

  /** As {@link #standard(Vertx)}, with a given pinger (e.g. one opened in a network namespace). */
  public static ProbeRegistry standard(Vertx vertx, IcmpPinger pinger) {
    ProbeRegistry registry = new ProbeRegistry();
    SHIPPED.forEach(
        k ->
            registry.register(
                new ProbeKind(k.name(), k.schema(), k.factory().apply(vertx, pinger))));
    return registry;
  }
}
