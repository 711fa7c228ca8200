package org.vigie.server.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.dashboards.DashboardGenerator;
import org.vigie.dashboards.DashboardOptions;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.server.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie dashboards --config FILE --out DIR}: writes Grafana dashboards generated from the
 * inventory ({@code DIR/dashboards/*.json}) and the provisioning files that load them ({@code
 * DIR/provisioning/datasources/vigie.yaml}, {@code DIR/provisioning/dashboards/vigie.yaml}).
 */
@Command(
    name = "dashboards",
    mixinStandardHelpOptions = true,
    description = "Write Grafana dashboards and provisioning files generated from the inventory.")
public final class DashboardsCommand extends BaseCommand {
  @Option(names = "--config", required = true, description = "The configuration file.")
  Path config;

  @Option(names = "--out", required = true, description = "The folder to write into.")
  Path out;

  @Option(
      names = "--influx-url",
      description =
          "InfluxDB's URL as Grafana reaches it. Default: vigie.influx.url of the configuration,"
              + " else http://localhost:8086.")
  String influxUrl;

  @Option(
      names = "--prometheus-url",
      defaultValue = "http://localhost:9090",
      description = "The Prometheus that scrapes Vigie's /metrics. Default: ${DEFAULT-VALUE}.")
  String prometheusUrl;

  @Option(
      names = "--dashboards-path",
      defaultValue = "/var/lib/grafana/dashboards/vigie",
      description =
          "Where Grafana sees DIR/dashboards (the file provider's path). Default:"
              + " ${DEFAULT-VALUE}.")
  String dashboardsPath;

  @Override
  public Integer call() {
    Configuration c;
    try {
      c = Configuration.load(config, System.getenv());
    } catch (InvalidConfigurationException e) {
      return ExitCodes.report(err(), e);
    }
    var influx = c.settings().influx();
    String database = influx.map(InfluxOptions::database).orElse("vigie");
    String url =
        influxUrl != null
            ? influxUrl
            : influx.map(InfluxOptions::url).orElse("http://localhost:8086");
    DashboardGenerator g =
        new DashboardGenerator(new DashboardOptions("vigie-influx", "vigie-prometheus", database));
    Map<String, JsonObject> dashboards = g.dashboards(c.inventory());
    try {
      Path dir = Files.createDirectories(out.resolve("dashboards"));
      for (var e : dashboards.entrySet()) {
        Files.writeString(
            dir.resolve(e.getKey()), e.getValue().encodePrettily() + "\n", StandardCharsets.UTF_8);
      }
      Path ds = Files.createDirectories(out.resolve("provisioning/datasources"));
      Files.writeString(
          ds.resolve("vigie.yaml"),
          g.datasourcesYaml(url, database, prometheusUrl),
          StandardCharsets.UTF_8);
      Path prov = Files.createDirectories(out.resolve("provisioning/dashboards"));
      Files.writeString(
          prov.resolve("vigie.yaml"),
          g.dashboardsProviderYaml(dashboardsPath),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      err()
          .println(
              "vigie dashboards: cannot write into "
                  + out
                  + ": "
                  + e.getMessage()
                  + "; check the folder is writable");
      return ExitCodes.FAILED;
    }
    out()
        .printf(
            "vigie dashboards: wrote %d dashboards to %s and the provisioning files to %s%n",
            dashboards.size(), out.resolve("dashboards"), out.resolve("provisioning"));
    return ExitCodes.OK;
  }
}
