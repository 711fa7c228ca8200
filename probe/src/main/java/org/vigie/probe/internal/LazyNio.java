package org.vigie.probe.internal;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * One {@link NioConnector} per probe registry, opened on first use (a registry whose checks never
 * use it starts no thread) and closed with the Vert.x instance. {@link #get()} returns null when no
 * selector can be opened (descriptors exhausted): the probes then use Vert.x.
 */
public final class LazyNio implements Supplier<NioConnector> {
  private final Vertx vertx;
  private NioConnector connector;

  public LazyNio(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public synchronized NioConnector get() {
    if (connector == null) {
      try {
        NioConnector c = new NioConnector();
        ((VertxInternal) vertx)
            .addCloseHook(
                completion -> {
                  c.close();
                  completion.succeed();
                });
        connector = c;
      } catch (IOException e) {
        return null;
      }
    }
    return connector;
  }
}
