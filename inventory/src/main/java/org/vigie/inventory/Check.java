package org.vigie.inventory;

/**
 * A check bound to its device, school and commune: what the scheduler runs and what metrics are
 * labelled with.
 */
public record Check(Commune commune, School school, Device device, CheckSpec spec) {

  /** Globally unique key: {@code school/device/check}. */
  public String key() {
    return device.key() + "/" + spec.name();
  }
}
