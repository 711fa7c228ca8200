package org.vigie.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie report}: files per commune and the DSI summary, from the demo inventory. */
class ReportCommandTest {
  @TempDir Path dir;

  private Path config(String extra) throws IOException {
    String demo = Files.readString(Path.of("../examples/demo.yaml"));
    String yaml =
        demo.replaceFirst(
                "(?m)^vigie:\\n",
                "vigie:\n  store:\n    url: jdbc:sqlite:" + dir.resolve("vigie.db") + "\n")
            + "\n"
            + extra;
    Path file = dir.resolve("vigie.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private int run(StringWriter out, StringWriter err, String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void twoCommunes_csv_writesTheirFilesAndTheSummary_withProgress() throws IOException {
    Path config = config("calendar:\n  zone: A\nreports:\n  language: en\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "report",
            "--config",
            config.toString(),
            "--month",
            "2025-10",
            "--commune",
            "besancon",
            "--commune",
            "beure",
            "--format",
            "csv",
            "--out",
            dir.resolve("out").toString());
    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(
              "vigie-besancon-2025-10.csv", "vigie-beure-2025-10.csv", "vigie-dsi-2025-10.csv");
    }
    String csv =
        Files.readString(dir.resolve("out/vigie-besancon-2025-10.csv"), StandardCharsets.UTF_8);
    // English from the configuration; UTF-8 with a BOM.
    assertThat(csv).startsWith("\uFEFFcommune;school;link 24/7 (%);");
    assertThat(out.toString())
        .contains("vigie report:   1/2 computed  besancon")
        .contains("vigie report:   2/2 written   beure")
        .contains("vigie report: 2 commune report(s) and the DSI summary for 2025-10 in ");
  }

  @Test
  void pdf_inFrenchByDefault_languageOptionWins() throws IOException {
    Path config = config("");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "report",
            "--config",
            config.toString(),
            "--month",
            "2025-10",
            "--commune",
            "beure",
            "--format",
            "html",
            "--language",
            "en",
            "--out",
            dir.toString());
    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    assertThat(Files.readString(dir.resolve("vigie-beure-2025-10.html")))
        .contains("<html lang=\"en\">", "Monthly availability report");
  }

  @Test
  void unknownCommune_badMonth_andBadCalendar_exit2() throws IOException {
    Path config = config("calendar:\n  zone: E\n");
    StringWriter err = new StringWriter();
    assertThat(
            run(
                new StringWriter(),
                err,
                "report",
                "--config",
                config.toString(),
                "--month",
                "2025-10",
                "--format",
                "csv",
                "--out",
                dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("vigie.yaml:")
        .contains("calendar.zone: unknown school-holiday zone 'E' (expected A, B or C)");
    Path good = config("");
    err = new StringWriter();
    assertThat(
            run(
                new StringWriter(),
                err,
                "report",
                "--config",
                good.toString(),
                "--month",
                "2025-13",
                "--out",
                dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--month must be YYYY-MM, got '2025-13'");
    err = new StringWriter();
    assertThat(
            run(
                new StringWriter(),
                err,
                "report",
                "--config",
                good.toString(),
                "--month",
                "2025-10",
                "--commune",
                "atlantis",
                "--out",
                dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no commune 'atlantis'");
  }
}
