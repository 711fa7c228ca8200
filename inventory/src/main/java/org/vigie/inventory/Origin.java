package org.vigie.inventory;

/**
 * Where a piece of configuration came from: file, 1-based line and column. Used in every error
 * message as {@code FILE:LINE:COLUMN: message}.
 */
public record Origin(String file, int line, int column) {

  /** An origin for values that were not read from a file (built-in defaults, generators). */
  public static Origin builtIn(String what) {
    return new Origin("<" + what + ">", 0, 0);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
