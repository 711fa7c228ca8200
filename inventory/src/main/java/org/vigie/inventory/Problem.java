package org.vigie.inventory;

/** One configuration error, printed as {@code FILE:LINE:COLUMN: message}. */
public record Problem(Origin origin, String message) implements Comparable<Problem> {

  @Override
  public String toString() {
    return origin + ": " + message;
  }

  @Override
  public int compareTo(Problem o) {
    int c = origin.file().compareTo(o.origin.file());
    if (c == 0) {
      c = Integer.compare(origin.line(), o.origin.line());
    }
    if (c == 0) {
      c = Integer.compare(origin.column(), o.origin.column());
    }
    return c;
  }
}
