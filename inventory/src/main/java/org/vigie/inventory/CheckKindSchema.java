package org.vigie.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters a probe kind accepts, so the loader can reject unknown or mistyped parameters
 * before anything runs. The probe module registers one per kind.
 *
 * @param params parameter name to type, in the order they are listed in error messages
 * @param required the parameters a check of this kind must set
 */
public record CheckKindSchema(Map<String, ParamType> params, Set<String> required) {
  /** Keys every check has; a kind cannot reuse them as parameters. */
  public static final Set<String> COMMON_KEYS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(List.of("name", "kind", "interval", "timeout", "enabled")));

  public CheckKindSchema {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
    for (String key : params.keySet()) {
      if (COMMON_KEYS.contains(key)) {
        throw new IllegalArgumentException("'" + key + "' is a common check key, not a parameter");
      }
    }
    if (!params.keySet().containsAll(required)) {
      throw new IllegalArgumentException(
          "required parameters " + required + " not all in " + params);
    }
  }
}
