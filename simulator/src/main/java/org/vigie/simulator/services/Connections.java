package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Closing a listener and the connections it accepted, ignoring those already gone. */
final class Connections {
  private Connections() {}

  static Future<Void> closeAll(Future<Void> serverClosed, Collection<NetSocket> sockets) {
    List<Future<Void>> all = new ArrayList<>();
    all.add(serverClosed.otherwiseEmpty());
    for (NetSocket s : List.copyOf(sockets)) {
      all.add(s.close().otherwiseEmpty());
    }
    sockets.clear();
    return Future.join(all).mapEmpty();
  }
}
