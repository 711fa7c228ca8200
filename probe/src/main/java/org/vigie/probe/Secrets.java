package org.vigie.probe;

import java.util.Collection;

/**
 * Scrubs secrets (passwords, SNMP communities) from text that may reach a reason or a log line:
 * server replies and exception messages can echo what was sent.
 */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String MASK = "****";

  private Secrets() {}

  /** {@code text} with every occurrence of each non-empty secret replaced by {@link #MASK}. */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      if (s != null && !s.isEmpty()) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }
}
