package org.vigie.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.vigie.reports.internal.Texts;

/**
 * CSV for spreadsheets: {@code ;} separator, UTF-8 with a byte-order mark (so that a French
 * spreadsheet opens it with accents right), the language's decimal separator; one row per school
 * and a total row. Percentages have three decimals; durations are whole seconds.
 */
public final class CsvReport implements ReportWriter {
  /** The byte-order mark that tells spreadsheets the file is UTF-8. */
  public static final String BOM = "\uFEFF";

  private final Texts t;

  public CsvReport(ReportLanguage language) {
    this.t = new Texts(language);
  }

  /** The format every Vigie CSV is written (and can be read back) with. */
  public static CSVFormat format() {
    return CSVFormat.DEFAULT.builder().setDelimiter(';').setRecordSeparator("\r\n").get();
  }

  /** The column headers of a commune file, in order. */
  public List<String> headers() {
    List<String> h = new ArrayList<>();
    for (String k :
        List.of(
            "csv.commune",
            "csv.school",
            "csv.link.all",
            "csv.link.school",
            "csv.server.all",
            "csv.server.school",
            "csv.wifi.all",
            "csv.wifi.school",
            "csv.backup.all",
            "csv.backup.school",
            "csv.link.down.all",
            "csv.link.down.school",
            "csv.link.unknown",
            "csv.link.maintenance",
            "csv.incidents",
            "csv.restore.mean",
            "csv.restore.worst",
            "csv.rtt.median",
            "csv.rtt.p95",
            "csv.loss",
            "csv.profile")) {
      h.add(t.get(k));
    }
    return h;
  }

  @Override
  public String extension() {
    return "csv";
  }

  @Override
  public String contentType() {
    return "text/csv; charset=UTF-8";
  }

  @Override
  public void write(CommuneReport r, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write(BOM);
    CSVPrinter p = new CSVPrinter(w, format());
    p.printRecord(headers());
    for (SchoolReport s : r.schools()) {
      p.printRecord(
          row(
              r.commune().name(),
              s.school().name(),
              s.link(),
              s.server(),
              s.wifi(),
              s.backups(),
              s.incidents().size(),
              s.restore(),
              s.quality()));
    }
    CommuneSummary c = r.summary();
    p.printRecord(
        row(
            r.commune().name(),
            t.get("csv.total"),
            c.link(),
            c.server(),
            c.wifi(),
            c.backups(),
            c.incidents(),
            null,
            null));
    p.flush();
  }

  private List<String> row(
      String commune,
      String school,
      Measure link,
      Measure server,
      Measure wifi,
      Backups backups,
      int incidents,
      Restore restore,
      LinkQuality q) {
    List<String> row = new ArrayList<>();
    row.add(commune);
    row.add(school);
    row.add(pct(link.allDay().ratio()));
    row.add(pct(link.schoolHours().ratio()));
    row.add(pct(server.allDay().ratio()));
    row.add(pct(server.schoolHours().ratio()));
    row.add(pct(wifi.allDay().ratio()));
    row.add(pct(wifi.schoolHours().ratio()));
    row.add(pct(backups.allDays().ratio()));
    row.add(pct(backups.schoolDays().ratio()));
    row.add(secs(link.allDay().down()));
    row.add(secs(link.schoolHours().down()));
    row.add(secs(link.allDay().unknown()));
    row.add(secs(link.allDay().maintenance()));
    row.add(String.valueOf(incidents));
    row.add(restore == null || restore.outages() == 0 ? "" : secs(restore.mean()));
    row.add(restore == null || restore.outages() == 0 ? "" : secs(restore.worst()));
    boolean data = q != null && q.samples() > 0;
    row.add(data ? t.number(q.medianRtt().toNanos() / 1e6, 1) : "");
    row.add(data ? t.number(q.p95Rtt().toNanos() / 1e6, 1) : "");
    row.add(data ? t.number(q.loss() * 100, 2) : "");
    row.add(data ? t.get(q.withinProfile() ? "yes" : "no") : "");
    return row;
  }

  private String pct(OptionalDouble ratio) {
    return ratio.isEmpty() ? "" : t.number(ratio.getAsDouble() * 100, 3);
  }

  private static String secs(Duration d) {
    return String.valueOf(d.toSeconds());
  }

  @Override
  public void write(DsiSummary s, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write(BOM);
    CSVPrinter p = new CSVPrinter(w, format());
    p.printRecord(
        t.get("csv.commune"),
        t.get("schools"),
        t.get("csv.link.all"),
        t.get("csv.link.school"),
        t.get("csv.incidents"),
        t.get("csv.npt"),
        t.get("csv.nbw"),
        t.get("csv.nec"),
        t.get("csv.invoice"));
    for (CommuneReport r : s.communes()) {
      Billing b = r.billing();
      p.printRecord(
          r.commune().name(),
          r.schools().size(),
          pct(r.summary().link().allDay().ratio()),
          pct(r.summary().link().schoolHours().ratio()),
          r.summary().incidents(),
          b.workstations(),
          b.accessPoints(),
          b.schools(),
          t.number(b.invoice().doubleValue(), 2));
    }
    p.printRecord(
        t.get("csv.total"),
        s.schools(),
        pct(s.link().allDay().ratio()),
        pct(s.link().schoolHours().ratio()),
        s.incidents(),
        s.workstations(),
        s.accessPoints(),
        s.schools(),
        t.number(s.invoices().doubleValue(), 2));
    p.flush();
  }
}
