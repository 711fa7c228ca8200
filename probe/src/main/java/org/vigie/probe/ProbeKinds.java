package org.vigie.probe;

import io.vertx.core.Vertx;
import org.vigie.probe.http.HttpProbe;
import org.vigie.probe.tcp.TcpProbe;

/** The registry of every probe kind Vigie ships, wired to one Vert.x instance. */
public final class ProbeKinds {
  private ProbeKinds() {}

  public static ProbeRegistry standard(Vertx vertx) {
    return new ProbeRegistry()
        .register(new ProbeKind("tcp", new TcpProbe(vertx)))
        .register(new ProbeKind("http", new HttpProbe(vertx)));
  }
}
