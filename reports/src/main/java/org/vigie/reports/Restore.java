package org.vigie.reports;

import java.time.Duration;

/**
 * Time to restore over the outages (DOWN intervals of the link and the server) that ended in the
 * month, each measured whole, from its start to its end.
 */
public record Restore(int outages, Duration mean, Duration worst) {
  public static final Restore NONE = new Restore(0, Duration.ZERO, Duration.ZERO);
}
