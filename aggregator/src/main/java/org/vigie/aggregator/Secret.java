package org.vigie.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A password or token. Its {@link #toString()} never shows the value, so a secret passed into an
 * options object, a log line or an exception message does not leak; only {@link #reveal()} gives
 * it, to the one place that sends it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /**
   * Reads a secret from a file (UTF-8, one trailing line break removed, as written by {@code echo}
   * or a secrets manager).
   */
  public static Secret fromFile(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      return new Secret(s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : stripLf(s));
    } catch (IOException e) {
      // The path is not secret; the content never reaches this message.
      throw new UncheckedIOException("cannot read secret file " + file, e);
    }
  }

  /**
   * Reads a secret from the environment variable {@code name} of {@code env} (the caller passes
   * {@code System.getenv()}, so that business code does not read the process environment).
   */
  public static Secret fromEnvironment(String name, Map<String, String> env) {
    String v = env.get(name);
    if (v == null) {
      throw new IllegalArgumentException("environment variable " + name + " is not set");
    }
    return new Secret(v);
  }

  private static String stripLf(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  /** The value itself: only for the code that authenticates with it. */
  public String reveal() {
    return value;
  }

  /** Replaces every occurrence of this secret in {@code text} by {@code ***}. */
  public String scrub(String text) {
    if (text == null || value.isEmpty()) {
      return text;
    }
    return text.replace(value, "***");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
