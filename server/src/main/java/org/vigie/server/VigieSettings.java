package org.vigie.server;

import org.vigie.aggregator.Hysteresis;
import org.vigie.probe.SchedulerOptions;

/**
 * Program settings: the {@code vigie:} section of the configuration file.
 *
 * @param httpHost address of the HTTP server ({@code /metrics}, {@code /health})
 * @param httpPort its port; 0 picks a free one
 */
public record VigieSettings(
    String httpHost, int httpPort, SchedulerOptions scheduler, Hysteresis hysteresis) {
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 8080;

  public static VigieSettings defaults() {
    return new VigieSettings(
        DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, SchedulerOptions.defaults(), Hysteresis.defaults());
  }

  public VigieSettings withHttpPort(int port) {
    return new VigieSettings(httpHost, port, scheduler, hysteresis);
  }
}
