package org.vigie.aggregator.influx;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.SpoolFullPolicy;

/**
 * A bounded, append-only spool of line-protocol points on disk: numbered segment files ({@code
 * 0000000000000001.lp}, …), one point per line. A batch counts as <em>accepted</em> once {@link
 * #append} has returned: its bytes were written and {@code fsync}ed, so a kill -9 (or a power cut)
 * after that loses none of it. Replay reads the oldest segment first, in file order; a segment is
 * deleted only once every line of it was acknowledged ({@link #ack}).
 *
 * <p>On {@link #open}, segments left by a previous process are taken over; a last line cut short by
 * a kill mid-write is cut off and counted ({@link #corrupt()}), never fatal. Appends always go to a
 * new segment, never to a file of a previous process.
 *
 * <p>Not thread-safe: one writer thread owns it; the counters may be read from any thread.
 */
public final class Spool implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final String SUFFIX = ".lp";
  private static final long MAX_SEGMENT_BYTES = 16L << 20;

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final SpoolFullPolicy policy;
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong corrupt = new AtomicLong();
  private volatile long bytes;
  private volatile long points;
  private long nextSeq = 1;
  private FileChannel current;
  private Segment currentSegment;

  /** A segment file; {@code lines} is cached while it is being replayed. */
  private static final class Segment {
    final Path path;
    long bytes;
    int count;
    int acked;
    List<String> lines;

    Segment(Path path, long bytes, int count) {
      this.path = path;
      this.bytes = bytes;
      this.count = count;
    }
  }

  /** Points handed out by {@link #next} for replay; give them back to {@link #ack}. */
  public record Batch(Object segment, List<String> lines) {}

  private Spool(Path dir, long maxBytes, SpoolFullPolicy policy) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.policy = policy;
    // Several segments per spool so that dropping the oldest frees a fraction, not all of it.
    this.segmentBytes = Math.max(1024, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
  }

  /** Opens (creating) the spool in {@code dir} and takes over the segments found there. */
  public static Spool open(Path dir, long maxBytes, SpoolFullPolicy policy) throws IOException {
    Spool s = new Spool(dir, maxBytes, policy);
    Files.createDirectories(dir);
    s.recover();
    return s;
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      long seq;
      try {
        seq = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
      } catch (NumberFormatException e) {
        LOG.warn("spool: ignoring a file that is not a segment: {}", f);
        continue;
      }
      nextSeq = Math.max(nextSeq, seq + 1);
      byte[] content = Files.readAllBytes(f);
      int end = content.length;
      while (end > 0 && content[end - 1] != '\n') {
        end--;
      }
      if (end < content.length) {
        // Killed mid-write: the bytes after the last newline are part of a point whose batch was
        // never acknowledged as accepted. Cut them off so that replay sends only whole lines.
        corrupt.incrementAndGet();
        LOG.warn(
            "spool: {} ends with a truncated line ({} bytes), skipped", f, content.length - end);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
          ch.truncate(end);
          ch.force(true);
        }
      }
      if (end == 0) {
        Files.delete(f);
        continue;
      }
      int n = 0;
      for (int i = 0; i < end; i++) {
        if (content[i] == '\n') {
          n++;
        }
      }
      segments.add(new Segment(f, end, n));
      bytes += end;
      points += n;
    }
    if (!segments.isEmpty()) {
      LOG.info("spool: {} points in {} segments to replay from {}", points, segments.size(), dir);
    }
  }

  /**
   * Appends a batch and fsyncs it. Returns how many of its points are now accepted (the others were
   * refused by {@link SpoolFullPolicy#DROP_NEWEST} or lost to an I/O error, and counted in {@link
   * #dropped()}). Room is made first under {@link SpoolFullPolicy#DROP_OLDEST}.
   */
  public int append(List<String> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    List<String> lines = batch;
    byte[] data = encode(lines);
    if (data.length > maxBytes) {
      // A single batch larger than the whole spool: keep its newest points that fit.
      int from = lines.size();
      long size = 0;
      while (from > 0 && size + lines.get(from - 1).length() + 1 <= maxBytes / 2) {
        from--;
        size += lines.get(from).length() + 1;
      }
      drop(from, "batch larger than the spool");
      lines = lines.subList(from, lines.size());
      data = encode(lines);
    }
    if (bytes + data.length > maxBytes) {
      if (policy == SpoolFullPolicy.DROP_NEWEST) {
        drop(lines.size(), "spool full (drop-newest)");
        return 0;
      }
      while (bytes + data.length > maxBytes && !segments.isEmpty()) {
        dropOldestSegment();
      }
    }
    try {
      if (current == null || currentSegment.bytes + data.length > segmentBytes) {
        roll();
      }
      long before = current.position();
      try {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          current.write(buf);
        }
        current.force(false);
      } catch (IOException e) {
        // Leave no partial batch behind, so the segment holds whole, accepted lines only.
        current.truncate(before);
        throw e;
      }
      currentSegment.bytes += data.length;
      currentSegment.count += lines.size();
      bytes += data.length;
      points += lines.size();
      return lines.size();
    } catch (IOException e) {
      LOG.error("spool: cannot write to {}: {}", dir, e.toString());
      drop(lines.size(), "spool write failed");
      closeCurrent();
      return 0;
    }
  }

  private static byte[] encode(List<String> lines) {
    int len = 0;
    for (String l : lines) {
      len += l.length() + 1;
    }
    StringBuilder b = new StringBuilder(len);
    for (String l : lines) {
      b.append(l).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void roll() throws IOException {
    closeCurrent();
    Path p = dir.resolve(String.format("%016d%s", nextSeq++, SUFFIX));
    current = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    currentSegment = new Segment(p, 0, 0);
    segments.add(currentSegment);
    // The new file's directory entry must be durable too, or an fsynced batch could vanish
    // with it after a power cut.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("spool: cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        LOG.warn("spool: closing {}: {}", currentSegment.path, e.toString());
      }
      current = null;
      currentSegment = null;
    }
  }

  private void dropOldestSegment() {
    Segment s = segments.pollFirst();
    if (s == currentSegment) {
      closeCurrent();
    }
    int lost = s.count - s.acked;
    delete(s);
    drop(lost, "spool full (drop-oldest): deleted " + s.path.getFileName());
  }

  private void drop(int n, String why) {
    if (n > 0) {
      dropped.addAndGet(n);
      LOG.warn("spool: dropped {} points: {}", n, why);
    }
  }

  private void delete(Segment s) {
    bytes -= s.bytes;
    points -= s.count - s.acked;
    try {
      Files.deleteIfExists(s.path);
    } catch (IOException e) {
      LOG.error("spool: cannot delete {}: {}", s.path, e.toString());
    }
  }

  public boolean isEmpty() {
    return segments.isEmpty();
  }

  /**
   * Up to {@code max} not yet acknowledged points of the oldest segment, in file order; null when
   * the spool is empty. The segment being appended to is closed first, so later points go to a
   * newer one.
   */
  public Batch next(int max) throws IOException {
    Segment s = segments.peekFirst();
    if (s == null) {
      return null;
    }
    if (s == currentSegment) {
      closeCurrent();
    }
    if (s.lines == null) {
      byte[] content = Files.readAllBytes(s.path);
      String text = new String(content, StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(s.count);
      int start = 0;
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
        lines.add(text.substring(start, i));
        start = i + 1;
      }
      s.lines = lines;
      s.count = lines.size();
    }
    int to = Math.min(s.lines.size(), s.acked + max);
    return new Batch(s, s.lines.subList(s.acked, to));
  }

  /** The batch was acknowledged by InfluxDB; a fully acknowledged segment is deleted. */
  public void ack(Batch b) {
    Segment s = (Segment) b.segment();
    if (segments.peekFirst() != s) {
      return; // dropped meanwhile to make room
    }
    s.acked += b.lines().size();
    points -= b.lines().size();
    if (s.acked >= s.count) {
      segments.pollFirst();
      delete(s);
    }
  }

  /** Points in the spool not yet acknowledged. */
  public long points() {
    return points;
  }

  /** Bytes on disk. */
  public long bytes() {
    return bytes;
  }

  /** Points lost: spool full, a batch larger than the spool, or a disk error. */
  public long dropped() {
    return dropped.get();
  }

  /** Truncated lines cut off at open (a previous process killed mid-write). */
  public long corrupt() {
    return corrupt.get();
  }

  /** Segment files, oldest first (for tests and diagnostics). */
  public List<Path> segmentFiles() {
    return segments.stream().map(s -> s.path).toList();
  }

  @Override
  public void close() {
    closeCurrent();
  }

  @Override
  public String toString() {
    return "Spool" + Arrays.asList(dir, points, bytes);
  }
}
