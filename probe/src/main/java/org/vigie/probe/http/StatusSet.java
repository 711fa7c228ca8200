package org.vigie.probe.http;

import java.util.ArrayList;
import java.util.List;

/** Accepted HTTP status codes, written {@code 200-399} or {@code 200,204,301-302}. */
final class StatusSet {
  private final List<int[]> ranges = new ArrayList<>();
  private final String text;

  StatusSet(String text) {
    this.text = text;
    for (String part : text.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      if (dash > 0) {
        ranges.add(
            new int[] {
              Integer.parseInt(p.substring(0, dash).trim()),
              Integer.parseInt(p.substring(dash + 1).trim())
            });
      } else {
        int v = Integer.parseInt(p);
        ranges.add(new int[] {v, v});
      }
    }
  }

  boolean contains(int status) {
    for (int[] r : ranges) {
      if (status >= r[0] && status <= r[1]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}
