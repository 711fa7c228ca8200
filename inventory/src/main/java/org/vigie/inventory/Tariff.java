package org.vigie.inventory;

import java.math.BigDecimal;

/**
 * The convention's annual tariff: {@code NPT × CPT + NBW × CBW + NEC × CAR}.
 *
 * @param perWorkstation CPT, per connected workstation
 * @param perAccessPoint CBW, per Wi-Fi access point
 * @param perSchool CAR, network access per school
 */
public record Tariff(
    BigDecimal perWorkstation, BigDecimal perAccessPoint, BigDecimal perSchool, String currency) {

  /** The 2020 tariff of the reference metropolis: 52 €, 100 €, 200 €. */
  public static Tariff defaults() {
    return new Tariff(
        BigDecimal.valueOf(52), BigDecimal.valueOf(100), BigDecimal.valueOf(200), "EUR");
  }
}
