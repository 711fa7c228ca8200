package org.vigie.inventory;

import java.util.List;
import java.util.Map;

/**
 * What {@link InventoryLoader} found.
 *
 * @param inventory the validated inventory, or null when there is any problem
 * @param sections raw top-level sections the loader does not interpret, for other modules to read:
 *     {@code vigie} (an empty node when absent, so its getters still return defaults). Each reports
 *     into its own sink ({@link ConfigNode#problems()}), or into the caller's with {@link
 *     ConfigNode#withProblems}.
 * @param problems every problem found, sorted by position
 */
public record LoadResult(
    Inventory inventory, Map<String, ConfigNode> sections, List<Problem> problems) {
  public LoadResult {
    sections = Map.copyOf(sections);
    problems = problems.stream().sorted().toList();
  }

  /** The program settings section ({@code vigie:}). */
  public ConfigNode vigie() {
    return sections.get("vigie");
  }

  /** The inventory, or every problem at once. */
  public Inventory orThrow() throws InvalidConfigurationException {
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return inventory;
  }
}
