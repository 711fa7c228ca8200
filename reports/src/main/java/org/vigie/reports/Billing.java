package org.vigie.reports;

import java.math.BigDecimal;
import org.vigie.inventory.Tariff;

/**
 * The convention's annual invoice: {@code NPT × CPT + NBW × CBW + NEC × CAR}.
 *
 * @param workstations NPT: the commune's monitored workstations that answered at least once in the
 *     month, plus its workstations without any check (they cannot be judged, so the inventory
 *     counts for them: see {@code unmonitored})
 * @param workstationsInInventory workstations the inventory lists (for comparison)
 * @param unmonitored workstations without any check, counted from the inventory
 * @param accessPoints NBW: Wi-Fi access points
 * @param schools NEC: schools
 */
public record Billing(
    int workstations,
    int workstationsInInventory,
    int unmonitored,
    int accessPoints,
    int schools,
    Tariff tariff) {

  public BigDecimal workstationsAmount() {
    return tariff.perWorkstation().multiply(BigDecimal.valueOf(workstations));
  }

  public BigDecimal accessPointsAmount() {
    return tariff.perAccessPoint().multiply(BigDecimal.valueOf(accessPoints));
  }

  public BigDecimal schoolsAmount() {
    return tariff.perSchool().multiply(BigDecimal.valueOf(schools));
  }

  /** The annual invoice. */
  public BigDecimal invoice() {
    return workstationsAmount().add(accessPointsAmount()).add(schoolsAmount());
  }
}
