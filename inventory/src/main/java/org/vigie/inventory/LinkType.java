package org.vigie.inventory;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of school internet link the DSI runs. */
public enum LinkType {
  ADSL("adsl"),
  FIBRE("fibre"),
  /** The municipal fibre network "Lumière". */
  LUMIERE("lumiere"),
  SATELLITE("satellite");

  private final String key;

  LinkType(String key) {
    this.key = key;
  }

  /** The name used in configuration files and metric labels. */
  public String key() {
    return key;
  }

  public static Optional<LinkType> fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
  }
}
