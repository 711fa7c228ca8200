package org.vigie.server.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Waits until a duration passes or the user presses Ctrl-C (SIGINT) or sends SIGTERM, so that a
 * command can stop its services cleanly and exit 0 instead of being killed mid-write.
 */
final class Lifecycle {
  private final CountDownLatch stop = new CountDownLatch(1);

  Lifecycle() {
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
  }

  /** Blocks until the signal or the duration (null: forever). Returns true if signalled. */
  boolean await(Duration duration) throws InterruptedException {
    if (duration == null) {
      stop.await();
      return true;
    }
    return stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
  }
}
