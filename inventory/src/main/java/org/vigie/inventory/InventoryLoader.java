package org.vigie.inventory;

import java.nio.file.Path;
import java.util.Map;
import org.vigie.inventory.internal.InventoryReader;

/**
 * Reads and validates a Vigie configuration file (format: docs/configuration.md), reporting every
 * problem at once as {@code FILE:LINE:COLUMN: message}.
 */
public final class InventoryLoader {
  private final InventoryReader reader;

  /**
   * @param kinds the probe kinds checks may use, by name, with the parameters each accepts
   */
  public InventoryLoader(Map<String, CheckKindSchema> kinds) {
    this.reader = new InventoryReader(kinds);
  }

  /**
   * Loads a file. Problems name it exactly as {@code file.toString()}; CSV imports resolve against
   * its directory.
   */
  public LoadResult load(Path file) {
    return reader.read(file);
  }

  /**
   * Loads YAML held in memory (embedded or generated inventories). CSV imports resolve against the
   * current directory.
   */
  public LoadResult load(String fileName, String yamlText) {
    return reader.read(fileName, yamlText, Path.of(""));
  }
}
