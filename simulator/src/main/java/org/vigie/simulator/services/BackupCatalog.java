package org.vigie.simulator.services;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The backup folder of a simulated school server: one {@code backup-YYYYMMDD-0200.tar.gz} per night
 * at 02:00 (in the clock's zone) for the last {@value #NIGHTS} nights, computed from the clock on
 * every call so that new nights appear as simulated time goes by. A stale-backup fault drops the
 * files newer than the configured age.
 */
public final class BackupCatalog {
  /** Nights kept by the simulated rotation. */
  public static final int NIGHTS = 14;

  /** The folder holding the backups. */
  public static final String FOLDER = "/backups";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final long GB = 1_000_000_000L;

  /** A day the size model is anchored on (2024-10-04), so sizes grow slowly from there. */
  private static final long ANCHOR_EPOCH_DAY = 20_000;

  /** One backup file. */
  public record BackupFile(String name, long size, Instant modified) {}

  private final Clock clock;
  private final DeviceFaults faults;
  private final long seed;
  private final String deviceKey;
  private final long baseSize;

  public BackupCatalog(Clock clock, DeviceFaults faults, long seed, String deviceKey) {
    this.clock = clock;
    this.faults = faults;
    this.seed = seed;
    this.deviceKey = deviceKey;
    // 2 to 18 GB per server, stable for a given seed and device.
    this.baseSize = 2 * GB + new SplittableRandom(mix(0)).nextLong(16 * GB);
  }

  /** The files, oldest first. */
  public List<BackupFile> files() {
    Instant now = clock.instant();
    ZoneId zone = clock.getZone();
    ZonedDateTime newest = now.atZone(zone).toLocalDate().atTime(2, 0).atZone(zone);
    if (newest.toInstant().isAfter(now)) {
      newest = newest.minusDays(1);
    }
    Instant cutoff = now.minus(faults.backupAge());
    boolean stale = !faults.backupAge().isZero();
    List<BackupFile> out = new ArrayList<>();
    for (int n = NIGHTS - 1; n >= 0; n--) {
      ZonedDateTime at = newest.minusDays(n);
      if (stale && at.toInstant().isAfter(cutoff)) {
        continue;
      }
      LocalDate day = at.toLocalDate();
      out.add(
          new BackupFile("backup-" + DAY.format(day) + "-0200.tar.gz", size(day), at.toInstant()));
    }
    return out;
  }

  public Optional<BackupFile> file(String name) {
    return files().stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The newest file's time, or the clock's time when there is none (the folder's mtime). */
  public Instant folderModified() {
    List<BackupFile> files = files();
    return files.isEmpty() ? clock.instant() : files.getLast().modified();
  }

  /**
   * What RETR sends: a small deterministic text, not {@link BackupFile#size()} bytes of tarball
   * (nobody wants to stream gigabytes from a simulator; probes only look at listings and times).
   */
  public byte[] content(BackupFile file) {
    String line = "Vigie simulated backup " + file.name() + " of " + deviceKey + "\n";
    return line.repeat(64).getBytes(StandardCharsets.UTF_8);
  }

  /** About 0.04 % a day of growth over the base size, plus ±1 % nightly noise. */
  private long size(LocalDate day) {
    long days = day.toEpochDay() - ANCHOR_EPOCH_DAY;
    double grown = baseSize * (1 + 0.0004 * days);
    double noise = 1 + (new SplittableRandom(mix(day.toEpochDay())).nextDouble() - 0.5) * 0.02;
    return Math.max(GB, (long) (grown * noise));
  }

  private long mix(long salt) {
    return seed * 0x9E3779B97F4A7C15L ^ deviceKey.hashCode() * 31L ^ salt * 0xC2B2AE3D27D4EB4FL;
  }

  /** How long ago, relative to the clock, the newest backup was taken (for tests and state). */
  public Optional<Duration> newestAge() {
    List<BackupFile> files = files();
    return files.isEmpty()
        ? Optional.empty()
        : Optional.of(Duration.between(files.getLast().modified(), clock.instant()));
  }
}
