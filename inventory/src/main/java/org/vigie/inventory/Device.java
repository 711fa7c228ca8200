package org.vigie.inventory;

import java.util.List;

/**
 * A monitored device of a school.
 *
 * @param id unique within its school
 * @param parentId the id of the device it hangs from in the same school, or null when it hangs from
 *     the school's link (routers); defaults are filled by the loader
 */
public record Device(
    String id,
    String schoolId,
    DeviceKind kind,
    String name,
    String address,
    String parentId,
    List<CheckSpec> checks,
    Origin origin) {
  public Device {
    checks = List.copyOf(checks);
  }

  /** Globally unique key: {@code school/device}. */
  public String key() {
    return schoolId + "/" + id;
  }
}
