package org.vigie.reports;

import java.io.IOException;
import java.io.OutputStream;

/** Writes reports in one format ({@link PdfReport}, {@link CsvReport}, {@link HtmlReport}). */
public interface ReportWriter {

  /** The file name extension, without the dot. */
  String extension();

  /** The MIME type (for e-mail attachments). */
  String contentType();

  /** One commune's report. */
  void write(CommuneReport report, OutputStream out) throws IOException;

  /** The DSI summary across communes. */
  void write(DsiSummary summary, OutputStream out) throws IOException;

  /** The writer of {@code format} in {@code language}. */
  static ReportWriter of(ReportFormat format, ReportLanguage language) {
    return switch (format) {
      case PDF -> new PdfReport(language);
      case CSV -> new CsvReport(language);
      case HTML -> new HtmlReport(language);
    };
  }
}
