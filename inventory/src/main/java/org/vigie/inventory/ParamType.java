package org.vigie.inventory;

/** The type of a probe kind's parameter, which decides how the loader validates its value. */
public enum ParamType {
  /** Any scalar, kept as written. */
  STRING,
  /** A 32-bit integer. */
  INT,
  /** A TCP/UDP port, 1–65535. */
  PORT,
  /** A duration such as {@code 10s} (see {@link Durations}); stored in canonical form. */
  DURATION,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** A Java regular expression; it must compile. */
  REGEX,
  /** HTTP status codes: a range {@code 200-399} or a list {@code 200,204}, or a mix of both. */
  STATUS_LIST,
  /**
   * A secret (password, SNMP community, token), never written in the configuration: the value is a
   * reference, {@code file:/path/to/file} (first line of the file) or {@code env:NAME} (an
   * environment variable), resolved by the probe when it runs.
   */
  SECRET
}
