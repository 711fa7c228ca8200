package org.vigie.server.cli;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.server.Configuration;
import org.vigie.server.Vigie;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie run --config FILE}: the production entry point. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Monitor the estate described by a configuration file until stopped.")
public final class RunCommand extends BaseCommand {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--config", required = true, description = "The configuration file.")
  Path config;

  @Option(names = "--http-port", description = "Overrides vigie.http.port.")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    Configuration c;
    Map<String, String> env = System.getenv();
    try {
      c = Configuration.load(config, env);
    } catch (InvalidConfigurationException e) {
      return ExitCodes.report(err(), e);
    }
    var settings = httpPort == null ? c.settings() : c.settings().withHttpPort(httpPort);
    Lifecycle lifecycle = new Lifecycle();
    Vertx vertx = Vertx.vertx();
    try {
      Vigie vigie =
          new Vigie(vertx, c.inventory(), settings, Clock.systemUTC(), env).start().await();
      out()
          .printf(
              "Vigie is monitoring %d checks. Metrics: http://%s:%d/metrics  Health: http://%s:%d/health%n",
              c.inventory().checks().size(),
              settings.httpHost(),
              vigie.httpPort(),
              settings.httpHost(),
              vigie.httpPort());
      lifecycle.await(null);
      LOG.info("stopping");
      vigie.stop().await();
      return ExitCodes.OK;
    } catch (RuntimeException e) {
      err().println("vigie: " + e.getMessage());
      return ExitCodes.FAILED;
    } finally {
      vertx.close().await();
    }
  }
}
