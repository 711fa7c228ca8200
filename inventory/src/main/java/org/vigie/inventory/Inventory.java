package org.vigie.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated technical reference: communes, schools, devices and their checks, the tariff and
 * the topology. Immutable; build it with {@link InventoryLoader} (which validates) or, in tests and
 * generators, with the constructor (which only indexes).
 */
public final class Inventory {
  private final Map<String, Commune> communes = new LinkedHashMap<>();
  private final Map<String, School> schools = new LinkedHashMap<>();
  private final Map<String, Device> devices = new LinkedHashMap<>();
  private final Map<String, List<Device>> devicesBySchool = new LinkedHashMap<>();
  private final List<Check> checks = new ArrayList<>();
  private final Tariff tariff;
  private final Topology topology;

  public Inventory(
      List<Commune> communes, List<School> schools, List<Device> devices, Tariff tariff) {
    communes.forEach(c -> this.communes.put(c.id(), c));
    schools.forEach(s -> this.schools.put(s.id(), s));
    for (Device d : devices) {
      this.devices.put(d.key(), d);
      devicesBySchool.computeIfAbsent(d.schoolId(), k -> new ArrayList<>()).add(d);
    }
    for (Device d : devices) {
      School s = this.schools.get(d.schoolId());
      Commune c = s == null ? null : this.communes.get(s.communeId());
      for (CheckSpec spec : d.checks()) {
        checks.add(new Check(c, s, d, spec));
      }
    }
    this.tariff = tariff;
    this.topology = new Topology(this.devices);
  }

  public List<Commune> communes() {
    return List.copyOf(communes.values());
  }

  public List<School> schools() {
    return List.copyOf(schools.values());
  }

  public List<Device> devices() {
    return List.copyOf(devices.values());
  }

  public List<Check> checks() {
    return Collections.unmodifiableList(checks);
  }

  public Optional<Commune> commune(String id) {
    return Optional.ofNullable(communes.get(id));
  }

  public Optional<School> school(String id) {
    return Optional.ofNullable(schools.get(id));
  }

  /** A device by its {@code school/device} key. */
  public Optional<Device> device(String key) {
    return Optional.ofNullable(devices.get(key));
  }

  public List<Device> devicesOf(String schoolId) {
    return List.copyOf(devicesBySchool.getOrDefault(schoolId, List.of()));
  }

  public List<School> schoolsOf(String communeId) {
    return schools.values().stream().filter(s -> s.communeId().equals(communeId)).toList();
  }

  public Tariff tariff() {
    return tariff;
  }

  public Topology topology() {
    return topology;
  }
}
