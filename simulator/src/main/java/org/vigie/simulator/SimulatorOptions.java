package org.vigie.simulator;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link SimulatedNetwork}.
 *
 * @param clock the simulated time: backup file dates and NTP answers follow it (tests fix it)
 * @param ftpPort the backup FTP port of servers without a {@code backup} check giving one
 * @param ntpPort the NTP port of servers without an {@code ntp} check giving one
 * @param seed seeds the simulated backup sizes
 * @param idleTimeout TCP and FTP connections idle that long are closed
 */
public record SimulatorOptions(
    Clock clock, int ftpPort, int ntpPort, long seed, Duration idleTimeout) {

  public SimulatorOptions {
    if (ftpPort < 0 || ftpPort > 65535 || ntpPort < 0 || ntpPort > 65535) {
      throw new IllegalArgumentException("ports must be 0-65535: " + ftpPort + ", " + ntpPort);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
    }
  }

  /** System UTC clock, FTP on 2121, NTP on 10123 (no root needed), seed 2019, 30 s idle. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(Clock.systemUTC(), 2121, 10123, 2019, Duration.ofSeconds(30));
  }

  public SimulatorOptions withClock(Clock c) {
    return new SimulatorOptions(c, ftpPort, ntpPort, seed, idleTimeout);
  }

  public SimulatorOptions withFtpPort(int p) {
    return new SimulatorOptions(clock, p, ntpPort, seed, idleTimeout);
  }

  public SimulatorOptions withNtpPort(int p) {
    return new SimulatorOptions(clock, ftpPort, p, seed, idleTimeout);
  }

  public SimulatorOptions withSeed(long s) {
    return new SimulatorOptions(clock, ftpPort, ntpPort, s, idleTimeout);
  }

  public SimulatorOptions withIdleTimeout(Duration d) {
    return new SimulatorOptions(clock, ftpPort, ntpPort, seed, d);
  }
}
