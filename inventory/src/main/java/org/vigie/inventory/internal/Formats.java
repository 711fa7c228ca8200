package org.vigie.inventory.internal;

import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vigie.inventory.ConfigNode;

/**
 * Validation of the value formats of docs/configuration.md. Each {@code *Problem} method returns
 * null for a good value, else the message, so that YAML and CSV readers report the same text.
 */
public final class Formats {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern STATUS_ITEM = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");

  private Formats() {}

  public static String idProblem(String v) {
    return ID.matcher(v).matches()
        ? null
        : "not a valid id: '" + v + "' (expected [a-z0-9][a-z0-9-]*)";
  }

  public static String addressProblem(String v) {
    return isIpv4(v) || isIpv6(v) || isHostName(v)
        ? null
        : "not an IP address or host name: '" + v + "'";
  }

  public static String emailProblem(String v) {
    return EMAIL.matcher(v).matches() ? null : "not an e-mail address: '" + v + "'";
  }

  public static String phoneProblem(String v) {
    return E164.matcher(v).matches()
        ? null
        : "not an E.164 phone number (like +33381000000): '" + v + "'";
  }

  public static String regexProblem(String v) {
    try {
      Pattern.compile(v);
      return null;
    } catch (PatternSyntaxException e) {
      return "not a valid regular expression: "
          + e.getDescription()
          + " near index "
          + e.getIndex();
    }
  }

  /** {@code 200-399}, {@code 200,204} or a mix; codes 100–599, ranges low to high. */
  public static String statusListProblem(String v) {
    String bad = "not a status list like 200-399 or 200,204: '" + v + "'";
    for (String item : v.split(",", -1)) {
      var m = STATUS_ITEM.matcher(item.strip());
      if (!m.matches()) {
        return bad;
      }
      int lo = Integer.parseInt(m.group(1));
      int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
      if (lo < 100 || hi > 599 || lo > hi) {
        return bad;
      }
    }
    return null;
  }

  /**
   * A secret reference: {@code file:/path} (non-empty path) or {@code env:NAME}. The message never
   * quotes the value: a secret written in the configuration by mistake must not reach the logs.
   */
  public static String secretRefProblem(String v) {
    if (v.startsWith("file:") && !v.substring("file:".length()).isBlank()) {
      return null;
    }
    if (v.startsWith("env:") && ENV_NAME.matcher(v.substring("env:".length())).matches()) {
      return null;
    }
    return "a secret is not written in the configuration; give file:/path/to/file (one line, mode"
        + " 0600) or env:NAME";
  }

  /**
   * A strict dotted-quad: four decimal octets 0–255, no leading zeros (which some read as octal).
   */
  public static boolean isIpv4(String v) {
    return ipv4ToLong(v) >= 0;
  }

  /** The address as an unsigned 32-bit value, or -1 if it is not a strict IPv4 literal. */
  public static long ipv4ToLong(String v) {
    String[] parts = v.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long out = 0;
    for (String p : parts) {
      if (!DIGITS.matcher(p).matches() || p.length() > 3 || (p.length() > 1 && p.startsWith("0"))) {
        return -1;
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        return -1;
      }
      out = out << 8 | octet;
    }
    return out;
  }

  public static String longToIpv4(long v) {
    return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
  }

  /** An IPv6 literal (no brackets, no zone), {@code ::} at most once, optional IPv4 tail. */
  public static boolean isIpv6(String v) {
    if (v.isEmpty() || !v.contains(":")) {
      return false;
    }
    int gap = v.indexOf("::");
    if (gap >= 0 && v.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    if (gap >= 0) {
      String head = v.substring(0, gap);
      String tail = v.substring(gap + 2);
      int groups = countGroups(head, false) + countGroups(tail, true);
      return countGroups(head, false) >= 0 && countGroups(tail, true) >= 0 && groups <= 7;
    }
    return countGroups(v, true) == 8;
  }

  /** Groups in a colon-separated run (an IPv4 tail counts two), or a large negative if invalid. */
  private static int countGroups(String run, boolean mayEndWithIpv4) {
    if (run.isEmpty()) {
      return 0;
    }
    String[] parts = run.split(":", -1);
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && mayEndWithIpv4 && p.contains(".")) {
        if (!isIpv4(p)) {
          return -100;
        }
        n += 2;
      } else if (HEX_GROUP.matcher(p).matches()) {
        n++;
      } else {
        return -100;
      }
    }
    return n;
  }

  /**
   * A lower-case DNS name. The last label must not be all digits, so that a mistyped IPv4 address
   * such as {@code 127.0.0.300} is not taken for a host name.
   */
  public static boolean isHostName(String v) {
    if (v.isEmpty() || v.length() > 253) {
      return false;
    }
    String[] labels = v.split("\\.", -1);
    for (String label : labels) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !DIGITS.matcher(labels[labels.length - 1]).matches();
  }

  /**
   * A required id under {@code key}, reported if missing or malformed. A malformed id is still
   * returned so that references to it do not cascade into "unknown" errors.
   */
  public static String requiredId(ConfigNode node, String key) {
    return checked(node, key, node.requiredString(key), Formats::idProblem);
  }

  /** A required address under {@code key}, reported if missing or malformed. */
  public static String requiredAddress(ConfigNode node, String key) {
    return checked(node, key, node.requiredString(key), Formats::addressProblem);
  }

  /** An optional value under {@code key}, reported if {@code problem} finds fault with it. */
  public static String optional(ConfigNode node, String key, Function<String, String> problem) {
    return checked(node, key, node.string(key, null), problem);
  }

  private static String checked(
      ConfigNode node, String key, String value, Function<String, String> problem) {
    if (value != null) {
      String message = problem.apply(value);
      if (message != null) {
        node.error(key, message);
      }
    }
    return value;
  }
}
