package org.vigie.inventory;

import java.util.List;

/** Thrown when configuration or inventory has errors; carries every problem found, sorted. */
public final class InvalidConfigurationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<Problem> problems;

  public InvalidConfigurationException(List<Problem> problems) {
    super(problems.size() + " configuration error(s), first: " + problems.getFirst());
    this.problems = problems.stream().sorted().toList();
  }

  public List<Problem> problems() {
    return problems;
  }
}
