package org.vigie.dashboards;

/**
 * What the generated dashboards refer to: the uids of the provisioned datasources and the InfluxDB
 * database Vigie writes to.
 *
 * @param influxUid uid of the InfluxDB (InfluxQL) datasource
 * @param prometheusUid uid of the Prometheus datasource that scrapes Vigie's own metrics
 * @param database the InfluxDB database ({@code vigie.influx.database})
 */
public record DashboardOptions(String influxUid, String prometheusUid, String database) {
  /** The uids written by {@link DashboardGenerator#datasourcesYaml}, database {@code vigie}. */
  public static DashboardOptions defaults() {
    return new DashboardOptions("vigie-influx", "vigie-prometheus", "vigie");
  }
}
