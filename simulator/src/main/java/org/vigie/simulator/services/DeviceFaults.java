package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The faults injected into one simulated device. Written by fault injection (any thread), read by
 * every service of the device on its event loop, hence the volatile fields.
 */
public final class DeviceFaults {
  private volatile Duration delay = Duration.ZERO;
  private volatile Duration clockOffset = Duration.ZERO;
  private volatile Duration backupAge = Duration.ZERO;

  /** How long every reply of every service waits before it is sent. */
  public Duration delay() {
    return delay;
  }

  public void delay(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + d);
    }
    delay = d;
  }

  /** How far the device's NTP clock is from the simulator clock (drift). */
  public Duration clockOffset() {
    return clockOffset;
  }

  public void clockOffset(Duration d) {
    clockOffset = d;
  }

  /** How old the newest backup must be; zero means backups are current. */
  public Duration backupAge() {
    return backupAge;
  }

  public void backupAge(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("backup age must not be negative: " + d);
    }
    backupAge = d;
  }

  public void reset() {
    delay = Duration.ZERO;
    clockOffset = Duration.ZERO;
    backupAge = Duration.ZERO;
  }

  /** A future completed after the current delay (at once when there is none). */
  Future<Void> pause(Vertx vertx) {
    long ms = delay.toMillis();
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, id -> p.complete());
    return p.future();
  }
}
