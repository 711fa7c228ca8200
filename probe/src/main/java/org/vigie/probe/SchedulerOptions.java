package org.vigie.probe;

/**
 * Scheduler settings ({@code vigie.scheduler.*} in configuration).
 *
 * @param maxConcurrency checks in flight at once, all schools together
 * @param perSchoolConcurrency checks in flight at once against one school, so one ADSL line is
 *     never hammered
 * @param jitter each run's start moves by a random amount of up to ±jitter/2 of its interval, so
 *     that runs do not stay phase-locked with other periodic load
 */
public record SchedulerOptions(int maxConcurrency, int perSchoolConcurrency, double jitter) {
  public static final int DEFAULT_MAX_CONCURRENCY = 1000;
  public static final int DEFAULT_PER_SCHOOL_CONCURRENCY = 4;
  public static final double DEFAULT_JITTER = 0.1;

  public SchedulerOptions {
    if (maxConcurrency < 1 || perSchoolConcurrency < 1) {
      throw new IllegalArgumentException("concurrency caps must be at least 1");
    }
    if (jitter < 0 || jitter > 0.5) {
      throw new IllegalArgumentException("jitter must be between 0 and 0.5");
    }
  }

  public static SchedulerOptions defaults() {
    return new SchedulerOptions(
        DEFAULT_MAX_CONCURRENCY, DEFAULT_PER_SCHOOL_CONCURRENCY, DEFAULT_JITTER);
  }
}
