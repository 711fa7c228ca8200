package org.vigie.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.vigie.reports.internal.Texts;

/**
 * The HTML body of the monthly e-mail: the commune summary with the previous month, one sentence
 * per school, the per-school figures and the billing; inline styles only (mail clients drop style
 * sheets).
 */
public final class HtmlReport implements ReportWriter {
  private static final String TD = "<td style=\"padding:2px 6px;border:1px solid #ccc\">";
  private static final String TH =
      "<th style=\"padding:2px 6px;border:1px solid #ccc;background:#eef\">";

  private final Texts t;

  public HtmlReport(ReportLanguage language) {
    this.t = new Texts(language);
  }

  @Override
  public String extension() {
    return "html";
  }

  @Override
  public String contentType() {
    return "text/html; charset=UTF-8";
  }

  /** The page as text. */
  public String render(CommuneReport r) {
    StringBuilder b = new StringBuilder();
    head(b, t.get("title") + " — " + r.commune().name() + " — " + t.month(r.month()));
    b.append("<h2>")
        .append(esc(t.get("summary")))
        .append("</h2>\n<table style=\"border-collapse:collapse\">");
    b.append("<tr>")
        .append(TH)
        .append("</th>")
        .append(TH)
        .append(esc(t.get("allDay")))
        .append("</th>")
        .append(TH)
        .append(esc(t.get("schoolHours")))
        .append("</th>")
        .append(TH)
        .append(esc(t.get("previous")))
        .append(" (")
        .append(esc(t.get("schoolHours")))
        .append(")</th></tr>\n");
    CommuneSummary c = r.summary();
    CommuneSummary p = r.previous();
    measureRow(b, t.get("link"), c.link(), p.link());
    measureRow(b, t.get("server"), c.server(), p.server());
    measureRow(b, t.get("wifi"), c.wifi(), p.wifi());
    b.append("<tr>")
        .append(TD)
        .append(esc(t.get("backups")))
        .append("</td>")
        .append(TD)
        .append(t.percent(c.backups().allDays().ratio()))
        .append("</td>")
        .append(TD)
        .append(t.percent(c.backups().schoolDays().ratio()))
        .append("</td>")
        .append(TD)
        .append(t.percent(p.backups().schoolDays().ratio()))
        .append("</td></tr>\n");
    b.append("</table>\n<ul>\n");
    for (SchoolReport s : r.schools()) {
      for (String line : t.sentences(s)) {
        b.append("<li>").append(esc(line)).append("</li>\n");
      }
    }
    b.append("</ul>\n<h2>").append(esc(t.get("schools"))).append("</h2>\n");
    b.append("<table style=\"border-collapse:collapse\"><tr>");
    for (String h :
        List.of(
            t.get("school"),
            t.get("link"),
            t.get("server"),
            t.get("wifi"),
            t.get("backups"),
            t.get("incidents"),
            t.get("restore"))) {
      b.append(TH).append(esc(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (SchoolReport s : r.schools()) {
      b.append("<tr>").append(TD).append(esc(s.school().name())).append("</td>");
      for (Measure m : List.of(s.link(), s.server(), s.wifi())) {
        b.append(TD)
            .append(t.percent(m.schoolHours().ratio()))
            .append(" / ")
            .append(t.percent(m.allDay().ratio()))
            .append("</td>");
      }
      b.append(TD).append(t.percent(s.backups().schoolDays().ratio())).append("</td>");
      b.append(TD).append(s.incidents().size()).append("</td>");
      b.append(TD)
          .append(
              s.restore().outages() == 0
                  ? t.get("na")
                  : t.duration(s.restore().mean()) + " / " + t.duration(s.restore().worst()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n<p style=\"font-size:90%\">")
        .append(esc(t.get("schoolHours") + " / " + t.get("allDay")))
        .append("</p>\n");
    billing(b, r.billing());
    b.append("<p style=\"color:#666;font-size:85%\">")
        .append(esc(t.get("generated", t.dateTime(r.generatedAt()))))
        .append("</p>\n</body></html>\n");
    return b.toString();
  }

  private void measureRow(StringBuilder b, String name, Measure m, Measure prev) {
    b.append("<tr>")
        .append(TD)
        .append(esc(name))
        .append("</td>")
        .append(TD)
        .append(t.percent(m.allDay().ratio()))
        .append("</td>")
        .append(TD)
        .append(t.percent(m.schoolHours().ratio()))
        .append("</td>")
        .append(TD)
        .append(t.percent(prev.schoolHours().ratio()))
        .append("</td></tr>\n");
  }

  private void billing(StringBuilder b, Billing bill) {
    b.append("<h2>")
        .append(esc(t.get("billing")))
        .append("</h2>\n<table style=\"border-collapse:collapse\">");
    b.append("<tr>")
        .append(TH)
        .append("</th>")
        .append(TH)
        .append(esc(t.get("billing.count")))
        .append("</th>")
        .append(TH)
        .append(esc(t.get("billing.unit")))
        .append("</th>")
        .append(TH)
        .append(esc(t.get("billing.amount")))
        .append("</th></tr>\n");
    line(
        b,
        t.get("billing.npt"),
        bill.workstations(),
        bill.tariff().perWorkstation(),
        bill.workstationsAmount());
    line(
        b,
        t.get("billing.nbw"),
        bill.accessPoints(),
        bill.tariff().perAccessPoint(),
        bill.accessPointsAmount());
    line(b, t.get("billing.nec"), bill.schools(), bill.tariff().perSchool(), bill.schoolsAmount());
    b.append("<tr>")
        .append(TD)
        .append("<b>")
        .append(esc(t.get("billing.total")))
        .append("</b> (")
        .append(esc(t.get("billing.formula")))
        .append(")</td>")
        .append(TD)
        .append("</td>")
        .append(TD)
        .append("</td>")
        .append(TD)
        .append("<b>")
        .append(esc(t.money(bill.invoice())))
        .append("</b></td></tr>\n</table>\n");
  }

  private void line(
      StringBuilder b, String what, int n, java.math.BigDecimal unit, java.math.BigDecimal amount) {
    b.append("<tr>")
        .append(TD)
        .append(esc(what))
        .append("</td>")
        .append(TD)
        .append(n)
        .append("</td>")
        .append(TD)
        .append(esc(t.money(unit)))
        .append("</td>")
        .append(TD)
        .append(esc(t.money(amount)))
        .append("</td></tr>\n");
  }

  /** The DSI summary page as text. */
  public String render(DsiSummary s) {
    StringBuilder b = new StringBuilder();
    head(b, t.get("dsi.title") + " — " + t.month(s.month()));
    b.append("<table style=\"border-collapse:collapse\"><tr>");
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
      b.append(TH).append(esc(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (CommuneReport r : s.communes()) {
      b.append("<tr>")
          .append(TD)
          .append(esc(r.commune().name()))
          .append("</td>")
          .append(TD)
          .append(r.schools().size())
          .append("</td>")
          .append(TD)
          .append(t.percent(r.summary().link().schoolHours().ratio()))
          .append("</td>")
          .append(TD)
          .append(r.summary().incidents())
          .append("</td>")
          .append(TD)
          .append(r.billing().workstations())
          .append("</td>")
          .append(TD)
          .append(r.billing().accessPoints())
          .append("</td>")
          .append(TD)
          .append(r.billing().schools())
          .append("</td>")
          .append(TD)
          .append(esc(t.money(r.billing().invoice())))
          .append("</td></tr>\n");
    }
    b.append("<tr>")
        .append(TD)
        .append("<b>")
        .append(esc(t.get("csv.total")))
        .append("</b></td>")
        .append(TD)
        .append(s.schools())
        .append("</td>")
        .append(TD)
        .append(t.percent(s.link().schoolHours().ratio()))
        .append("</td>")
        .append(TD)
        .append(s.incidents())
        .append("</td>")
        .append(TD)
        .append(s.workstations())
        .append("</td>")
        .append(TD)
        .append(s.accessPoints())
        .append("</td>")
        .append(TD)
        .append(s.schools())
        .append("</td>")
        .append(TD)
        .append("<b>")
        .append(esc(t.money(s.invoices())))
        .append("</b></td></tr>\n</table>\n</body></html>\n");
    return b.toString();
  }

  private void head(StringBuilder b, String title) {
    b.append("<!DOCTYPE html>\n<html lang=\"")
        .append(t.locale().getLanguage())
        .append("\"><head><meta charset=\"UTF-8\"><title>")
        .append(esc(title))
        .append("</title></head>\n<body style=\"font-family:Arial,sans-serif\">\n<h1>")
        .append(esc(title))
        .append("</h1>\n");
  }

  @Override
  public void write(CommuneReport report, OutputStream out) throws IOException {
    out.write(render(report).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void write(DsiSummary summary, OutputStream out) throws IOException {
    out.write(render(summary).getBytes(StandardCharsets.UTF_8));
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
