package org.vigie.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.vigie.inventory.Tariff;
import org.vigie.reports.internal.Texts;

/**
 * The PDF renders with its accents, the CSV reads back with the same numbers, the HTML is escaped.
 */
class ReportFormatsTest {
  static final Instant T = Instant.parse("2025-11-03T08:00:00Z");

  static CommuneReport report() {
    Figure linkAll =
        new Figure(
            Duration.ofSeconds(2_623_800),
            Duration.ofSeconds(47_400),
            Duration.ofSeconds(3_600),
            Duration.ofSeconds(7_200),
            Duration.ZERO);
    Figure linkSchool =
        new Figure(
            Duration.ofSeconds(271_200),
            Duration.ofSeconds(7_800),
            Duration.ofSeconds(1_800),
            Duration.ofSeconds(7_200),
            Duration.ZERO);
    Measure link = new Measure(linkAll, linkSchool);
    Measure full =
        new Measure(
            new Figure(
                Duration.ofHours(745), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO),
            new Figure(
                Duration.ofHours(80), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    TreeMap<LocalDate, Duration> byDay =
        new TreeMap<>(Map.of(LocalDate.of(2025, 10, 14), Duration.ofSeconds(7_800)));
    SchoolReport school =
        new SchoolReport(
            ReportFixture.school("ferry", "École Jules Ferry — Hôpital-du-Grosbois", "besancon"),
            link,
            full,
            full,
            new Backups(new DayCount(28, 31, 0), new DayCount(9, 10, 0)),
            List.of(
                new IncidentLine(
                    "fp@1",
                    "ferry",
                    "ferry",
                    "CRITICAL",
                    Instant.parse("2025-10-14T07:16:00Z"),
                    Instant.parse("2025-10-14T09:26:00Z"),
                    "Lien coupé (fibre arrachée)",
                    "GLPI-4711")),
            new Restore(3, Duration.ofSeconds(13_400), Duration.ofSeconds(25_200)),
            new LinkQuality(
                10,
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                0.05,
                Duration.ofMillis(20),
                0.01,
                List.of(
                    new LinkQuality.Point(
                        Instant.parse("2025-10-01T00:00:00Z"), Duration.ofMillis(12)),
                    new LinkQuality.Point(
                        Instant.parse("2025-10-02T00:00:00Z"), Duration.ofMillis(15)))),
            List.of(
                new Window(
                    "ferry",
                    "link",
                    Instant.parse("2025-10-14T07:15:00Z"),
                    Instant.parse("2025-10-14T09:25:00Z"),
                    Duration.ofSeconds(7_800),
                    "perte 100 %")),
            List.of(
                new Window(
                    "ferry",
                    "link",
                    Instant.parse("2025-10-09T10:00:00Z"),
                    Instant.parse("2025-10-09T12:00:00Z"),
                    Duration.ofHours(2),
                    "mise à jour")),
            List.of(),
            1,
            2,
            byDay,
            new TreeMap<>());
    CommuneSummary summary =
        new CommuneSummary(link, full, full, school.backups(), 1, Duration.ofSeconds(7_800));
    return new CommuneReport(
        ReportFixture.commune("besancon", "Besançon"),
        YearMonth.of(2025, 10),
        List.of(school),
        summary,
        summary,
        new Billing(40, 42, 0, 2, 1, Tariff.defaults()),
        T);
  }

  @Test
  void pdf_rendersPageOne_notBlank_withFrenchAccents() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PdfReport(ReportLanguage.FR).write(report(), out);
    try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
      assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(2);
      BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 50);
      long dark = 0;
      for (int y = 0; y < page.getHeight(); y++) {
        for (int x = 0; x < page.getWidth(); x++) {
          int rgb = page.getRGB(x, y);
          int lum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
          if (lum < 3 * 128) {
            dark++;
          }
        }
      }
      assertThat(dark).as("dark pixels on page 1").isGreaterThan(2_000);
      PDFTextStripper text = new PDFTextStripper();
      text.setStartPage(1);
      text.setEndPage(1);
      String page1 = text.getText(doc).replace('\u00a0', ' ').replaceAll("\\s+", " ");
      assertThat(page1)
          .contains("Rapport mensuel de disponibilité — Besançon — octobre 2025")
          .contains(
              "Le lien internet de l'école Jules Ferry — Hôpital-du-Grosbois a été indisponible 2 h 10 min")
          .contains("Facture annuelle (NPT × CPT + NBW × CBW + NEC × CAR) 2 480,00 €");
      String all = new PDFTextStripper().getText(doc);
      assertThat(all)
          .contains("Lien coupé (fibre arrachée)")
          .contains("GLPI-4711")
          .contains("mise à jour");
    }
  }

  @Test
  void csv_hasBom_semicolons_andRoundTripsWithTheSameNumbers() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvReport csv = new CsvReport(ReportLanguage.FR);
    CommuneReport r = report();
    csv.write(r, out);
    byte[] bytes = out.toByteArray();
    assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
    String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
    List<CSVRecord> rows =
        CsvReport.format()
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(text))
            .getRecords();
    assertThat(rows).hasSize(2);
    CSVRecord ferry = rows.getFirst();
    Texts t = new Texts(ReportLanguage.FR);
    assertThat(ferry.get("école")).isEqualTo("École Jules Ferry — Hôpital-du-Grosbois");
    assertThat(t.parseNumber(ferry.get("lien 24/7 (%)")))
        .isEqualTo(round3(r.schools().getFirst().link().allDay().ratio().getAsDouble() * 100));
    assertThat(t.parseNumber(ferry.get("lien heures de classe (%)")))
        .isEqualTo(round3(271_200.0 / 279_000.0 * 100));
    assertThat(Long.parseLong(ferry.get("lien indisponible 24/7 (s)"))).isEqualTo(47_400);
    assertThat(Long.parseLong(ferry.get("lien indisponible heures de classe (s)")))
        .isEqualTo(7_800);
    assertThat(Long.parseLong(ferry.get("lien non supervisé (s)"))).isEqualTo(3_600);
    assertThat(Long.parseLong(ferry.get("lien en maintenance (s)"))).isEqualTo(7_200);
    assertThat(Long.parseLong(ferry.get("rétablissement moyen (s)"))).isEqualTo(13_400);
    assertThat(t.parseNumber(ferry.get("sauvegardes jours d'école (%)"))).isEqualTo(90.0);
    assertThat(t.parseNumber(ferry.get("RTT médian (ms)"))).isEqualTo(50.0);
    assertThat(ferry.get("profil respecté")).isEqualTo("non");
    assertThat(rows.get(1).get("école")).isEqualTo("TOTAL");
    assertThat(text.lines().findFirst().orElseThrow()).contains(";");
  }

  @Test
  void dsiCsv_andPdf_carryTheInvoices() throws Exception {
    DsiSummary s = new DsiSummary(YearMonth.of(2025, 10), List.of(report()));
    assertThat(s.invoices()).isEqualByComparingTo(new BigDecimal("2480"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CsvReport(ReportLanguage.EN).write(s, out);
    List<CSVRecord> rows =
        CsvReport.format()
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(out.toString(StandardCharsets.UTF_8).substring(1)))
            .getRecords();
    assertThat(rows.getFirst().get("annual invoice (EUR)")).isEqualTo("2480.00");
    assertThat(rows.getFirst().get("NPT")).isEqualTo("40");
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    new PdfReport(ReportLanguage.EN).write(s, pdf);
    try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
      assertThat(new PDFTextStripper().getText(doc))
          .contains("Besançon")
          .contains("2,480.00\u00a0€");
    }
  }

  @Test
  void html_isEscaped_andHasTheSentences() {
    String html = new HtmlReport(ReportLanguage.FR).render(report());
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<html lang=\"fr\">")
        .contains(
            "Le lien internet de l'école Jules Ferry — Hôpital-du-Grosbois a été indisponible 2 h 10 min pendant les heures de classe, le 14 octobre.")
        .contains("Facture annuelle");
    assertThat(
            new HtmlReport(ReportLanguage.FR)
                .render(new DsiSummary(YearMonth.of(2025, 10), List.of(report()))))
        .contains("Besançon");
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
