package org.vigie.reports;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.vigie.reports.internal.Texts;

/**
 * The PDF report (OpenPDF, charts by JFreeChart drawn headless): page 1 the commune summary with
 * the previous month, the sentences and the billing; then the availability bars per school, the
 * link latency over the month, and one section per school with its incidents, maintenance windows
 * and monitoring gaps. Text uses Helvetica in Windows-1252, which covers French.
 */
public final class PdfReport implements ReportWriter {
  private static final Color HEAD = new Color(0xEE, 0xEE, 0xFF);

  /** At most this many links on the latency chart. */
  static final int LATENCY_LINES = 8;

  private final Texts t;
  private final Font title = font(16, Font.BOLD);
  private final Font h2 = font(12, Font.BOLD);
  private final Font body = font(9, Font.NORMAL);
  private final Font bold = font(9, Font.BOLD);
  private final Font small = font(7, Font.NORMAL);

  public PdfReport(ReportLanguage language) {
    this.t = new Texts(language);
  }

  private static Font font(float size, int style) {
    return FontFactory.getFont(FontFactory.HELVETICA, BaseFont.CP1252, false, size, style);
  }

  @Override
  public String extension() {
    return "pdf";
  }

  @Override
  public String contentType() {
    return "application/pdf";
  }

  @Override
  public void write(CommuneReport r, OutputStream out) throws IOException {
    Document doc = new Document(PageSize.A4, 36, 36, 36, 36);
    try {
      PdfWriter writer = PdfWriter.getInstance(doc, out);
      doc.addTitle(t.get("title") + " — " + r.commune().name());
      doc.open();
      doc.add(
          new Paragraph(
              t.get("title") + " — " + r.commune().name() + " — " + t.month(r.month()), title));
      doc.add(new Paragraph(t.get("generated", t.dateTime(r.generatedAt())), small));
      doc.add(new Paragraph(t.get("summary"), h2));
      doc.add(summaryTable(r.summary(), r.previous()));
      for (SchoolReport s : r.schools()) {
        for (String line : t.sentences(s)) {
          doc.add(new Paragraph("• " + line, body));
        }
      }
      doc.add(new Paragraph(t.get("billing"), h2));
      doc.add(billingTable(r.billing()));
      doc.newPage();
      // One bar group per school: the chart grows with the commune, up to a page.
      doc.add(
          image(writer, availabilityChart(r), 520, Math.min(700, 110 + 30 * r.schools().size())));
      if (r.schools().stream().anyMatch(s -> !s.quality().series().isEmpty())) {
        doc.add(image(writer, latencyChart(r), 520, 330));
      }
      for (SchoolReport s : r.schools()) {
        school(doc, writer, s, r);
      }
      doc.close();
    } catch (DocumentException e) {
      throw new IOException("cannot write the PDF report: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(DsiSummary s, OutputStream out) throws IOException {
    Document doc = new Document(PageSize.A4.rotate(), 36, 36, 36, 36);
    try {
      PdfWriter.getInstance(doc, out);
      doc.open();
      doc.add(new Paragraph(t.get("dsi.title") + " — " + t.month(s.month()), title));
      PdfPTable table = new PdfPTable(8);
      table.setWidthPercentage(100);
      for (String h :
          List.of(
              t.get("commune"),
              t.get("schools"),
              t.get("link") + " " + t.get("schoolHours"),
              t.get("incidents"),
              "NPT",
              "NBW",
              "NEC",
              t.get("billing.total"))) {
        table.addCell(head(h));
      }
      for (CommuneReport r : s.communes()) {
        table.addCell(cell(r.commune().name()));
        table.addCell(cell(String.valueOf(r.schools().size())));
        table.addCell(cell(t.percent(r.summary().link().schoolHours().ratio())));
        table.addCell(cell(String.valueOf(r.summary().incidents())));
        table.addCell(cell(String.valueOf(r.billing().workstations())));
        table.addCell(cell(String.valueOf(r.billing().accessPoints())));
        table.addCell(cell(String.valueOf(r.billing().schools())));
        table.addCell(cell(t.money(r.billing().invoice())));
      }
      table.addCell(head(t.get("csv.total")));
      table.addCell(head(String.valueOf(s.schools())));
      table.addCell(head(t.percent(s.link().schoolHours().ratio())));
      table.addCell(head(String.valueOf(s.incidents())));
      table.addCell(head(String.valueOf(s.workstations())));
      table.addCell(head(String.valueOf(s.accessPoints())));
      table.addCell(head(String.valueOf(s.schools())));
      table.addCell(head(t.money(s.invoices())));
      doc.add(table);
      doc.close();
    } catch (DocumentException e) {
      throw new IOException("cannot write the PDF summary: " + e.getMessage(), e);
    }
  }

  private PdfPTable summaryTable(CommuneSummary c, CommuneSummary p) {
    PdfPTable table = new PdfPTable(new float[] {3, 1.3f, 1.3f, 1.3f, 1.3f});
    table.setWidthPercentage(100);
    table.addCell(head(""));
    table.addCell(head(t.get("allDay")));
    table.addCell(head(t.get("schoolHours")));
    table.addCell(head(t.get("previous")));
    table.addCell(head(t.get("change")));
    measureRow(table, t.get("link"), c.link(), p.link());
    measureRow(table, t.get("server"), c.server(), p.server());
    measureRow(table, t.get("wifi"), c.wifi(), p.wifi());
    table.addCell(cell(t.get("backups")));
    table.addCell(cell(t.percent(c.backups().allDays().ratio())));
    table.addCell(cell(t.percent(c.backups().schoolDays().ratio())));
    table.addCell(cell(t.percent(p.backups().schoolDays().ratio())));
    table.addCell(cell(delta(c.backups().schoolDays().ratio(), p.backups().schoolDays().ratio())));
    table.addCell(cell(t.get("incidents")));
    table.addCell(cell(String.valueOf(c.incidents())));
    table.addCell(cell(""));
    table.addCell(cell(String.valueOf(p.incidents())));
    table.addCell(cell(""));
    return table;
  }

  private void measureRow(PdfPTable table, String name, Measure m, Measure p) {
    table.addCell(cell(name));
    table.addCell(cell(t.percent(m.allDay().ratio())));
    table.addCell(cell(t.percent(m.schoolHours().ratio())));
    table.addCell(cell(t.percent(p.schoolHours().ratio())));
    table.addCell(cell(delta(m.schoolHours().ratio(), p.schoolHours().ratio())));
  }

  private String delta(java.util.OptionalDouble now, java.util.OptionalDouble before) {
    if (now.isEmpty() || before.isEmpty()) {
      return t.get("na");
    }
    double d = (now.getAsDouble() - before.getAsDouble()) * 100;
    return (d >= 0 ? "+" : "") + t.number(d, 3) + " pt";
  }

  private PdfPTable billingTable(Billing b) {
    PdfPTable table = new PdfPTable(new float[] {4, 1, 1.3f, 1.5f});
    table.setWidthPercentage(100);
    table.addCell(head(""));
    table.addCell(head(t.get("billing.count")));
    table.addCell(head(t.get("billing.unit")));
    table.addCell(head(t.get("billing.amount")));
    billingRow(
        table,
        t.get("billing.npt")
            + " — "
            + t.get("billing.inventory", b.workstationsInInventory(), b.unmonitored()),
        b.workstations(),
        b.tariff().perWorkstation(),
        b.workstationsAmount());
    billingRow(
        table,
        t.get("billing.nbw"),
        b.accessPoints(),
        b.tariff().perAccessPoint(),
        b.accessPointsAmount());
    billingRow(table, t.get("billing.nec"), b.schools(), b.tariff().perSchool(), b.schoolsAmount());
    PdfPCell total =
        new PdfPCell(
            new Phrase(t.get("billing.total") + " (" + t.get("billing.formula") + ")", bold));
    total.setColspan(3);
    table.addCell(total);
    table.addCell(new PdfPCell(new Phrase(t.money(b.invoice()), bold)));
    return table;
  }

  private void billingRow(PdfPTable table, String what, int n, BigDecimal unit, BigDecimal amount) {
    table.addCell(cell(what));
    table.addCell(cell(String.valueOf(n)));
    table.addCell(cell(t.money(unit)));
    table.addCell(cell(t.money(amount)));
  }

  private void school(Document doc, PdfWriter writer, SchoolReport s, CommuneReport r)
      throws DocumentException {
    doc.add(new Paragraph(" "));
    doc.add(new Paragraph(t.get("school") + " : " + s.school().name(), h2));
    PdfPTable table = new PdfPTable(new float[] {3, 1.3f, 1.3f});
    table.setWidthPercentage(100);
    table.addCell(head(""));
    table.addCell(head(t.get("allDay")));
    table.addCell(head(t.get("schoolHours")));
    for (var e :
        List.of(
            java.util.Map.entry(t.get("link"), s.link()),
            java.util.Map.entry(t.get("server"), s.server()),
            java.util.Map.entry(t.get("wifi"), s.wifi()))) {
      table.addCell(cell(e.getKey()));
      table.addCell(cell(t.percent(e.getValue().allDay().ratio())));
      table.addCell(cell(t.percent(e.getValue().schoolHours().ratio())));
    }
    table.addCell(cell(t.get("backups")));
    table.addCell(cell(days(s.backups().allDays())));
    table.addCell(cell(days(s.backups().schoolDays())));
    table.addCell(cell(t.get("unknown") + " (" + t.get("link") + ")"));
    table.addCell(cell(t.duration(s.link().allDay().unknown())));
    table.addCell(cell(t.duration(s.link().schoolHours().unknown())));
    table.addCell(cell(t.get("restore")));
    String restore =
        s.restore().outages() == 0
            ? t.get("na")
            : t.duration(s.restore().mean()) + " / " + t.duration(s.restore().worst());
    PdfPCell rc = cell(restore);
    rc.setColspan(2);
    table.addCell(rc);
    doc.add(table);
    LinkQuality q = s.quality();
    String type = s.school().link() == null ? "" : s.school().link().type().key();
    doc.add(
        new Paragraph(
            t.get("quality")
                + " : "
                + (q.samples() == 0
                    ? t.get("quality.none")
                    : t.get(
                        "quality.line",
                        t.number(ms(q.medianRtt()), 1),
                        t.number(ms(q.p95Rtt()), 1),
                        t.number(q.loss() * 100, 2) + " %",
                        type,
                        t.number(ms(q.maxRtt()), 0),
                        t.number(q.maxLoss() * 100, 2) + " %",
                        t.get(q.withinProfile() ? "quality.ok" : "quality.bad"))),
            body));
    doc.add(new Paragraph(t.get("incidents"), bold));
    if (s.incidents().isEmpty()) {
      doc.add(new Paragraph(t.get("none"), body));
    } else {
      PdfPTable inc = new PdfPTable(new float[] {1.6f, 1.6f, 1, 3.5f, 1});
      inc.setWidthPercentage(100);
      for (String h :
          List.of(
              t.get("incident.start"),
              t.get("incident.end"),
              t.get("incident.duration"),
              t.get("incident.cause"),
              t.get("incident.ticket"))) {
        inc.addCell(head(h));
      }
      for (IncidentLine i : s.incidents()) {
        inc.addCell(cell(t.dateTime(i.start())));
        inc.addCell(cell(t.dateTime(i.end())));
        inc.addCell(cell(t.duration(i.duration(r.generatedAt()))));
        inc.addCell(cell(i.cause()));
        inc.addCell(cell(i.ticket() == null ? "" : i.ticket()));
      }
      doc.add(inc);
    }
    windows(doc, t.get("maintenance"), s.maintenance());
    windows(doc, t.get("gaps"), s.gaps());
  }

  private void windows(Document doc, String heading, List<Window> windows)
      throws DocumentException {
    doc.add(new Paragraph(heading, bold));
    if (windows.isEmpty()) {
      doc.add(new Paragraph(t.get("none"), body));
    }
    for (Window w : windows) {
      doc.add(
          new Paragraph(
              "• "
                  + t.get(
                      "window",
                      t.dateTime(w.start()),
                      t.dateTime(w.end()),
                      t.duration(w.length()),
                      t.duration(w.schoolHours()),
                      w.what() + (w.cause() == null ? "" : " — " + w.cause())),
              body));
    }
  }

  private String days(DayCount d) {
    return t.percent(d.ratio()) + " (" + d.fresh() + "/" + d.judged() + ")";
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1e6;
  }

  private JFreeChart availabilityChart(CommuneReport r) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (SchoolReport s : r.schools()) {
      String name = s.school().name();
      data.addValue(pct(s.link().schoolHours().ratio()), t.get("link"), name);
      data.addValue(pct(s.server().schoolHours().ratio()), t.get("server"), name);
      data.addValue(pct(s.wifi().schoolHours().ratio()), "Wi-Fi", name);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            t.get("chart.availability"),
            null,
            "%",
            data,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
    chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelWidthRatio(0.4f);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static Number pct(java.util.OptionalDouble ratio) {
    return ratio.isEmpty() ? null : ratio.getAsDouble() * 100;
  }

  /**
   * The links' median RTT over the month, one line per school; a commune with more than {@link
   * #LATENCY_LINES} schools shows its slowest links (by 95th percentile) only, so the chart stays
   * readable (every school's figures are in its own section).
   */
  private JFreeChart latencyChart(CommuneReport r) {
    List<SchoolReport> shown =
        r.schools().stream()
            .filter(s -> !s.quality().series().isEmpty())
            .sorted(
                java.util.Comparator.comparing((SchoolReport s) -> s.quality().p95Rtt()).reversed())
            .limit(LATENCY_LINES)
            .toList();
    TimeSeriesCollection data = new TimeSeriesCollection();
    for (SchoolReport s : shown) {
      TimeSeries series = new TimeSeries(s.school().name());
      for (LinkQuality.Point p : s.quality().series()) {
        series.add(new FixedMillisecond(p.at().toEpochMilli()), ms(p.rtt()), false);
      }
      data.addSeries(series);
    }
    boolean all =
        shown.size() == r.schools().stream().filter(s -> !s.quality().series().isEmpty()).count();
    JFreeChart chart =
        ChartFactory.createTimeSeriesChart(
            t.get(all ? "chart.latency" : "chart.latency.slowest", LATENCY_LINES),
            null,
            "ms",
            data,
            true,
            false,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    java.text.SimpleDateFormat days = new java.text.SimpleDateFormat("d MMM", t.locale());
    days.setTimeZone(java.util.TimeZone.getTimeZone(ReportGenerator.PARIS));
    ((org.jfree.chart.axis.DateAxis) chart.getXYPlot().getDomainAxis()).setDateFormatOverride(days);
    return chart;
  }

  /**
   * The chart drawn as PDF vector graphics (sharp at any zoom, and far cheaper than encoding a
   * bitmap: the 68 communes' PDFs are written in a few seconds).
   */
  private static Image image(PdfWriter writer, JFreeChart chart, int width, int height)
      throws DocumentException {
    PdfTemplate template = writer.getDirectContent().createTemplate(width, height);
    Graphics2D g = template.createGraphics(width, height);
    try {
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    Image image = Image.getInstance(template);
    image.setAlignment(Element.ALIGN_CENTER);
    return image;
  }

  private PdfPCell head(String text) {
    PdfPCell c = new PdfPCell(new Phrase(text, bold));
    c.setBackgroundColor(HEAD);
    return c;
  }

  private PdfPCell cell(String text) {
    return new PdfPCell(new Phrase(new Chunk(text, body)));
  }
}
