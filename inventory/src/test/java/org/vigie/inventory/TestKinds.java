package org.vigie.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Probe kinds for loader tests, shaped like the probe module's {@code tcp}, {@code http} and {@code
 * backup} (the inventory module cannot depend on the probe module, which owns the real schemas).
 */
final class TestKinds {
  static final Map<String, CheckKindSchema> SCHEMAS = schemas();

  private TestKinds() {}

  private static Map<String, CheckKindSchema> schemas() {
    Map<String, ParamType> http = new LinkedHashMap<>();
    http.put("port", ParamType.PORT);
    http.put("path", ParamType.STRING);
    http.put("scheme", ParamType.STRING);
    http.put("expect-status", ParamType.STATUS_LIST);
    http.put("body-pattern", ParamType.REGEX);
    Map<String, ParamType> tcp = new LinkedHashMap<>();
    tcp.put("port", ParamType.PORT);
    tcp.put("send", ParamType.STRING);
    tcp.put("expect", ParamType.STRING);
    Map<String, ParamType> backup = new LinkedHashMap<>();
    backup.put("user", ParamType.STRING);
    backup.put("password", ParamType.SECRET);
    Map<String, CheckKindSchema> kinds = new LinkedHashMap<>();
    kinds.put("http", new CheckKindSchema(http, Set.of()));
    kinds.put("tcp", new CheckKindSchema(tcp, Set.of("port")));
    kinds.put("backup", new CheckKindSchema(backup, Set.of()));
    return Map.copyOf(kinds);
  }
}
