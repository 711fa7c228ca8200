package org.vigie.inventory;

import java.util.List;
import java.util.Map;

/**
 * What {@link InventoryLoader} found.
 *
 * @param inventory the validated inventory, or null when there is any problem
 * @param sections raw top-level sections the loader does not interpret, for other modules to read:
 *     {@code vigie}, {@code calendar}, {@code alerting}, {@code reports} (an empty node when
 *     absent, so its getters still return defaults). Each reports into its own sink ({@link
 *     ConfigNode#problems()}), or into the caller's with {@link ConfigNode#withProblems}.
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

  /** A raw section by its top-level key (an empty node when the file has none). */
  public ConfigNode section(String name) {
    ConfigNode node = sections.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no raw section " + name);
    }
    return node;
  }

  /** The inventory, or every problem at once. */
  public Inventory orThrow() throws InvalidConfigurationException {
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return inventory;
  }
}
