package org.vigie.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.influx.Spool;

class SpoolTest {
  @TempDir Path dir;

  private static List<String> lines(int from, int to) {
    // 100 bytes per line with its newline, so sizes are easy to reason about.
    return IntStream.range(from, to).mapToObj(i -> "m,t=x v=%091d".formatted(i)).toList();
  }

  private static List<String> drain(Spool s) throws IOException {
    List<String> out = new ArrayList<>();
    Spool.Batch b;
    while ((b = s.next(7)) != null) {
      out.addAll(b.lines());
      s.ack(b);
    }
    return out;
  }

  @Test
  void appendedBatches_areReplayedInOrder_andSegmentsDeletedOnceAcknowledged() throws IOException {
    Spool s = Spool.open(dir, 1 << 20, SpoolFullPolicy.DROP_OLDEST);
    assertThat(s.append(lines(0, 50))).isEqualTo(50);
    assertThat(s.append(lines(50, 120))).isEqualTo(70);
    assertThat(s.points()).isEqualTo(120);
    assertThat(s.bytes()).isEqualTo(12_000);

    assertThat(drain(s)).isEqualTo(lines(0, 120));
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.points()).isZero();
    assertThat(s.bytes()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aSpoolLeftByAnotherProcess_isTakenOver_andReplayedBeforeNewPoints() throws IOException {
    Spool first = Spool.open(dir, 1 << 20, SpoolFullPolicy.DROP_OLDEST);
    first.append(lines(0, 30));
    // no close(): as after a kill -9
    Spool second = Spool.open(dir, 1 << 20, SpoolFullPolicy.DROP_OLDEST);
    assertThat(second.points()).isEqualTo(30);
    second.append(lines(30, 40));
    assertThat(drain(second)).isEqualTo(lines(0, 40));
  }

  @Test
  void aTruncatedLastLine_isCutOffAndCounted_theWholeLinesAreKept() throws IOException {
    Spool first = Spool.open(dir, 1 << 20, SpoolFullPolicy.DROP_OLDEST);
    first.append(lines(0, 10));
    Path segment = first.segmentFiles().getFirst();
    Files.writeString(segment, "m,t=x v=4", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    Spool second = Spool.open(dir, 1 << 20, SpoolFullPolicy.DROP_OLDEST);
    assertThat(second.corrupt()).isEqualTo(1);
    assertThat(second.points()).isEqualTo(10);
    assertThat(drain(second)).isEqualTo(lines(0, 10));
  }

  @Test
  void fullSpool_dropsTheOldestSegment_countsItsPoints_andKeepsTheNewest() throws IOException {
    // 8 KiB: segments of 1 KiB (the minimum), i.e. 10 lines each.
    Spool s = Spool.open(dir, 8192, SpoolFullPolicy.DROP_OLDEST);
    for (int i = 0; i < 100; i += 10) {
      assertThat(s.append(lines(i, i + 10))).isEqualTo(10);
    }
    // 100 lines = 10,000 bytes > 8,192: the two oldest segments (20 lines) went.
    assertThat(s.dropped()).isEqualTo(20);
    assertThat(s.bytes()).isLessThanOrEqualTo(8192);
    assertThat(drain(s)).isEqualTo(lines(20, 100));
  }

  @Test
  void fullSpool_withDropNewest_refusesNewPoints_andKeepsTheOldest() throws IOException {
    Spool s = Spool.open(dir, 8192, SpoolFullPolicy.DROP_NEWEST);
    int kept = 0;
    for (int i = 0; i < 100; i += 10) {
      kept += s.append(lines(i, i + 10));
    }
    assertThat(kept).isEqualTo(80);
    assertThat(s.dropped()).isEqualTo(20);
    assertThat(drain(s)).isEqualTo(lines(0, 80));
  }
}
