package org.vigie.probe.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigie.probe.Outcome;

/**
 * Certificate expiry as the TLS-speaking probes judge it: the earliest {@code notAfter} of the
 * chain the server presented (an expired intermediate breaks clients as surely as an expired leaf),
 * as days left (fractional, negative once expired).
 *
 * <p>Judgement: expired → DOWN; fewer than {@code minDays} left → DEGRADED; otherwise UP. The chain
 * is not validated against a trust store: school servers often use self-signed or internal CA
 * certificates, and what the DSI must not miss is the expiry date.
 */
public final class CertificateExpiry {
  /** Days left under which a certificate is DEGRADED, when a check does not set it. */
  public static final int DEFAULT_MIN_DAYS = 14;

  private static final double SECONDS_PER_DAY = 86_400.0;

  private CertificateExpiry() {}

  /** The earliest expiry of the X.509 certificates in {@code chain}; empty if there are none. */
  public static Optional<Instant> earliestNotAfter(List<? extends Certificate> chain) {
    return chain.stream()
        .filter(X509Certificate.class::isInstance)
        .map(c -> ((X509Certificate) c).getNotAfter().toInstant())
        .min(Instant::compareTo);
  }

  /** Days from {@code now} to {@code notAfter}, negative once expired. */
  public static double daysLeft(Instant notAfter, Instant now) {
    return Duration.between(now, notAfter).toMillis() / 1000.0 / SECONDS_PER_DAY;
  }

  /** The outcome for {@code daysLeft} against a threshold of {@code minDays}. */
  public static Outcome judge(double daysLeft, int minDays) {
    if (daysLeft <= 0) {
      return Outcome.DOWN;
    }
    return daysLeft < minDays ? Outcome.DEGRADED : Outcome.UP;
  }

  /** The reason that goes with a DOWN or DEGRADED {@link #judge} result. */
  public static String reason(String target, double daysLeft, int minDays) {
    if (daysLeft <= 0) {
      return "certificate of " + target + " expired " + wholeDays(-daysLeft) + " ago";
    }
    return "certificate of "
        + target
        + " expires in "
        + wholeDays(daysLeft)
        + " (under "
        + minDays
        + " days)";
  }

  private static String wholeDays(double days) {
    if (days < 1) {
      long hours = (long) Math.floor(days * 24);
      return hours + (hours == 1 ? " hour" : " hours");
    }
    long d = (long) Math.floor(days);
    return d + (d == 1 ? " day" : " days");
  }
}
