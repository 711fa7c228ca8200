package org.vigie.server.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigie.aggregator.StateStore;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.inventory.InventoryLoader;
import org.vigie.inventory.LoadResult;
import org.vigie.inventory.Problem;
import org.vigie.inventory.SchoolCalendar;
import org.vigie.probe.ProbeKinds;
import org.vigie.reports.CommuneReport;
import org.vigie.reports.DsiSummary;
import org.vigie.reports.IncidentSource;
import org.vigie.reports.LedgerReader;
import org.vigie.reports.LinkQualitySource;
import org.vigie.reports.ReportFormat;
import org.vigie.reports.ReportGenerator;
import org.vigie.reports.ReportLanguage;
import org.vigie.reports.ReportSettings;
import org.vigie.reports.ReportWriter;
import org.vigie.server.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie report --config FILE --month YYYY-MM [--commune ID]... --format pdf|csv|html --out
 * DIR}: one file per commune ({@code vigie-<commune>-<YYYY-MM>.<ext>}) and the DSI summary ({@code
 * vigie-dsi-<YYYY-MM>.<ext>}), from the state store and InfluxDB of the configuration. It reads the
 * ledger without opening it, so it may run beside a running Vigie.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the monthly availability reports of the communes and the DSI summary.")
public final class ReportCommand extends BaseCommand {
  @Option(names = "--config", required = true, description = "The configuration file.")
  Path config;

  @Option(names = "--month", required = true, description = "The month, YYYY-MM.")
  String month;

  @Option(
      names = "--commune",
      description = "Only this commune (repeatable). Default: every commune.")
  List<String> communes = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "pdf",
      description = "pdf, csv or html. Default: ${DEFAULT-VALUE}.")
  ReportFormat format;

  @Option(
      names = "--language",
      description = "fr or en. Default: reports.language of the configuration (fr).")
  ReportLanguage language;

  @Option(names = "--out", required = true, description = "The folder to write into.")
  Path out;

  @Override
  public Integer call() {
    YearMonth m;
    try {
      m = YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      err().println("vigie report: --month must be YYYY-MM, got '" + month + "'");
      return ExitCodes.INVALID_CONFIGURATION;
    }
    Configuration c;
    ReportSettings reportSettings;
    try {
      // The configuration brings the calendar (calendar:, checked with everything else).
      c = Configuration.load(config, System.getenv());
      LoadResult raw = new InventoryLoader(ProbeKinds.schemas()).load(config);
      List<Problem> problems = new ArrayList<>();
      reportSettings = ReportSettings.read(raw.section("reports").withProblems(problems));
      if (!problems.isEmpty()) {
        throw new InvalidConfigurationException(problems);
      }
    } catch (InvalidConfigurationException e) {
      return ExitCodes.report(err(), e);
    }
    for (String id : communes) {
      if (c.inventory().commune(id).isEmpty()) {
        err().println("vigie report: no commune '" + id + "' in " + config);
        return ExitCodes.INVALID_CONFIGURATION;
      }
    }
    SchoolCalendar calendar = c.settings().calendar();
    ReportLanguage lang = language != null ? language : reportSettings.language();
    long started = System.nanoTime();
    Vertx vertx = Vertx.vertx();
    LinkQualitySource quality = LinkQualitySource.none();
    try {
      StateStore store = await(StateStore.open(vertx, c.settings().store()));
      try {
        if (c.settings().influx().isPresent()) {
          quality =
              LinkQualitySource.influx(vertx, c.settings().influx().get(), Duration.ofHours(6));
        }
        ReportGenerator generator =
            new ReportGenerator(
                LedgerReader.readOnly(store),
                IncidentSource.jdbc(store),
                calendar,
                c.inventory(),
                quality,
                Clock.systemUTC());
        DsiSummary summary =
            await(
                generator.month(
                    m,
                    communes,
                    (id, done, total) ->
                        out().printf("vigie report: %3d/%d computed  %s%n", done, total, id)));
        Files.createDirectories(out);
        ReportWriter writer = ReportWriter.of(format, lang);
        int written = 0;
        for (CommuneReport r : summary.communes()) {
          write(
              writer,
              r,
              out.resolve("vigie-" + r.commune().id() + "-" + m + "." + writer.extension()));
          written++;
          out()
              .printf(
                  "vigie report: %3d/%d written   %s%n",
                  written, summary.communes().size(), r.commune().id());
        }
        Path dsi = out.resolve("vigie-dsi-" + m + "." + writer.extension());
        try (OutputStream o = Files.newOutputStream(dsi)) {
          writer.write(summary, o);
        }
        out()
            .printf(
                "vigie report: %d commune report(s) and the DSI summary for %s in %s (%.1f s)%n",
                written, m, out, (System.nanoTime() - started) / 1e9);
        return ExitCodes.OK;
      } finally {
        await(store.close());
      }
    } catch (IOException e) {
      err().println("vigie report: cannot write into " + out + ": " + e.getMessage());
      return ExitCodes.FAILED;
    } catch (Exception e) {
      err()
          .println(
              "vigie report: "
                  + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      return ExitCodes.FAILED;
    } finally {
      quality.close();
      try {
        await(vertx.close());
      } catch (Exception e) {
        // closing is best effort at exit
      }
    }
  }

  private static void write(ReportWriter writer, CommuneReport r, Path file) throws IOException {
    try (OutputStream o = Files.newOutputStream(file)) {
      writer.write(r, o);
    }
  }

  private static <T> T await(Future<T> f)
      throws InterruptedException, ExecutionException, TimeoutException {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
