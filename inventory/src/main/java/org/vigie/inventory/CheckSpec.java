package org.vigie.inventory;

import java.time.Duration;
import java.util.Map;

/**
 * One check a device gets: a probe kind and its parameters.
 *
 * @param name unique within its device (e.g. {@code smb}, {@code health})
 * @param kind the probe kind ({@code tcp}, {@code http}, …), resolved by the probe registry
 * @param params kind-specific parameters as written in the configuration (port, path, …)
 * @param origin where it was declared, for errors found later (e.g. by the probe registry)
 */
public record CheckSpec(
    String name,
    String kind,
    Duration interval,
    Duration timeout,
    Map<String, String> params,
    Origin origin) {
  public CheckSpec {
    params = Map.copyOf(params);
  }

  public String param(String key, String fallback) {
    return params.getOrDefault(key, fallback);
  }
}
