package org.vigie.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The probe kinds Vigie knows, by name. The scheduler looks kinds up here instead of switching on
 * the check's kind, so a new kind is one class and one {@link #register} call.
 */
public final class ProbeRegistry {
  private final Map<String, ProbeKind> kinds = new LinkedHashMap<>();

  public ProbeRegistry register(ProbeKind kind) {
    if (kinds.putIfAbsent(kind.name(), kind) != null) {
      throw new IllegalArgumentException("probe kind '" + kind.name() + "' registered twice");
    }
    return this;
  }

  public Optional<ProbeKind> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  public Set<String> names() {
    return kinds.keySet();
  }
}
