package org.vigie.inventory;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A position-aware view of one YAML node and a sink for the problems found while reading it.
 *
 * <p>Getters never throw: on a wrong type, an out-of-range value or a missing key they add a {@link
 * Problem} naming the field by its dotted path ({@code schools[3].link.type}) at the value's
 * position, and return the default, so that reading goes on and every error is reported at once. A
 * missing key or a YAML {@code null} value counts as absent.
 */
public final class ConfigNode {
  // Generated inventories (the simulator's) exceed SnakeYAML's 3 MB default.
  private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private final String file;
  private final String path;
  private final Node node;
  private final Origin fallback;
  private final List<Problem> problems;
  // One instance reports "expected a map" once, however many getters are called on it.
  private boolean mapTypeReported;

  private ConfigNode(String file, String path, Node node, Origin fallback, List<Problem> problems) {
    this.file = file;
    this.path = path;
    this.node = isNull(node) ? null : node;
    this.fallback = fallback;
    this.problems = problems;
  }

  /**
   * Parses a YAML document. A syntax error becomes one problem at the position SnakeYAML reports
   * and an empty root; duplicate keys are reported too (SnakeYAML's composer accepts them).
   *
   * @param fileName used in every {@link Origin}
   * @param problems where this node and all nodes reached from it report
   */
  public static ConfigNode parse(String fileName, String text, List<Problem> problems) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    Node root = null;
    try {
      root = new Yaml(options).compose(new StringReader(body));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getContext();
      problems.add(
          new Problem(
              mark == null ? new Origin(fileName, 1, 1) : originOf(fileName, mark),
              "YAML syntax error: " + firstLine(what)));
    } catch (YAMLException e) {
      problems.add(
          new Problem(
              new Origin(fileName, 1, 1), "YAML syntax error: " + firstLine(e.getMessage())));
    }
    if (root != null) {
      checkKeys(fileName, root, "", problems, Collections.newSetFromMap(new IdentityHashMap<>()));
    }
    return new ConfigNode(fileName, "", root, new Origin(fileName, 1, 1), problems);
  }

  /** A node with no content (every getter returns its default), reporting at {@code origin}. */
  public static ConfigNode empty(String path, Origin origin, List<Problem> problems) {
    return new ConfigNode(origin.file(), path, null, origin, problems);
  }

  /** The same node reporting into another sink (e.g. a caller's own list of problems). */
  public ConfigNode withProblems(List<Problem> sink) {
    return new ConfigNode(file, path, node, fallback, sink);
  }

  /** The problems reported into this node's sink so far, sorted. */
  public List<Problem> problems() {
    return problems.stream().sorted().toList();
  }

  /** Where this node starts (for an absent node: where it would have been). */
  public Origin origin() {
    return node == null ? fallback : originOf(file, node.getStartMark());
  }

  /** The dotted path of this node, {@code ""} for the document root. */
  public String path() {
    return path;
  }

  /** The dotted path of a key under this node. */
  public String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Where the value of {@code key} starts, or this node's origin if it is absent. */
  public Origin origin(String key) {
    Node value = value(key);
    return value == null ? origin() : originOf(file, value.getStartMark());
  }

  /** Where {@code key} itself is written, or this node's origin if it is absent. */
  public Origin keyOrigin(String key) {
    NodeTuple tuple = tuple(key);
    return tuple == null ? origin() : originOf(file, tuple.getKeyNode().getStartMark());
  }

  /** Whether this node has a value (absent keys, YAML nulls and failed parses have none). */
  public boolean isPresent() {
    return node != null;
  }

  /** Whether this node is a map, or absent (which reads as an empty map). */
  public boolean isMap() {
    return node == null || node instanceof MappingNode;
  }

  /** The keys of this map in document order; empty (and reported) if this is not a map. */
  public List<String> keys() {
    MappingNode map = mapping();
    if (map == null) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && !keys.contains(k.getValue())) {
        keys.add(k.getValue());
      }
    }
    return keys;
  }

  /** The value of {@code key}, if present and not null. */
  public Optional<ConfigNode> child(String key) {
    Node value = value(key);
    return value == null
        ? Optional.empty()
        : Optional.of(new ConfigNode(file, keyPath(key), value, origin(), problems));
  }

  /** Like {@link #child} but reports a missing key. */
  public Optional<ConfigNode> requiredChild(String key) {
    Optional<ConfigNode> child = child(key);
    if (child.isEmpty()) {
      reportMissing(key);
    }
    return child;
  }

  /** The value of {@code key}, or an empty node there so getters can still be called. */
  public ConfigNode childOrEmpty(String key) {
    return child(key).orElseGet(() -> empty(keyPath(key), origin(), problems));
  }

  /** Reports every key of this map not in {@code allowed}, at the key's position. */
  public void allowKeys(String... allowed) {
    MappingNode map = mapping();
    if (map == null) {
      return;
    }
    Set<String> set = new LinkedHashSet<>(Arrays.asList(allowed));
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && !set.contains(k.getValue())) {
        problems.add(
            new Problem(
                originOf(file, k.getStartMark()),
                "unknown key '"
                    + k.getValue()
                    + "' "
                    + where()
                    + "; expected one of: "
                    + String.join(", ", set)));
      }
    }
  }

  /** A scalar as text, or {@code def} if absent or not a scalar (reported). */
  public String string(String key, String def) {
    Node value = value(key);
    if (value == null) {
      return def;
    }
    if (value instanceof ScalarNode s) {
      return s.getValue();
    }
    reportType(key, value, "a string");
    return def;
  }

  /** A scalar as text; null if missing or not a scalar (both reported). */
  public String requiredString(String key) {
    if (value(key) == null) {
      reportMissing(key);
      return null;
    }
    return string(key, null);
  }

  /** This node itself as text (for list elements); null and reported if it is not a scalar. */
  public String text() {
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    problems.add(new Problem(origin(), label() + ": expected a string, got " + describe(node)));
    return null;
  }

  /** An integer in {@code [min, max]}. */
  public int integer(String key, int def, int min, int max) {
    String text = scalar(key, "an integer");
    if (text == null) {
      return def;
    }
    if (!INTEGER.matcher(text).matches()) {
      error(key, "expected an integer, got '" + text + "'");
      return def;
    }
    BigDecimal v = new BigDecimal(text);
    if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
      error(key, rangeMessage(BigDecimal.valueOf(min), BigDecimal.valueOf(max), max, v));
      return def;
    }
    return v.intValueExact();
  }

  /** A number in {@code [min, max]}. */
  public double number(String key, double def, double min, double max) {
    BigDecimal v = decimalText(key);
    if (v == null) {
      return def;
    }
    if (v.doubleValue() < min || v.doubleValue() > max) {
      error(key, rangeMessage(BigDecimal.valueOf(min), BigDecimal.valueOf(max), max, v));
      return def;
    }
    return v.doubleValue();
  }

  /** A number strictly greater than zero. */
  public double positiveNumber(String key, double def) {
    BigDecimal v = decimalText(key);
    if (v == null) {
      return def;
    }
    if (v.signum() <= 0) {
      error(key, "must be greater than zero");
      return def;
    }
    return v.doubleValue();
  }

  /** An exact decimal (money) of at least {@code min}. */
  public BigDecimal decimal(String key, BigDecimal def, BigDecimal min) {
    BigDecimal v = decimalText(key);
    if (v == null) {
      return def;
    }
    if (v.compareTo(min) < 0) {
      error(key, "must be at least " + min.toPlainString() + ", got " + v.toPlainString());
      return def;
    }
    return v;
  }

  /** {@code true} or {@code false} (YAML 1.1's {@code yes}/{@code on} are refused as ambiguous). */
  public boolean bool(String key, boolean def) {
    String text = scalar(key, "true or false");
    if (text == null) {
      return def;
    }
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        error(key, "expected true or false, got '" + text + "'");
        yield def;
      }
    };
  }

  /** A duration such as {@code 10s}; see {@link Durations}. */
  public Duration duration(String key, Duration def) {
    String text = scalar(key, "a duration");
    if (text == null) {
      return def;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      error(key, "expected a duration such as 500ms, 10s, 5m, 1h or 1d, got '" + text + "'");
      return def;
    }
  }

  /** The elements of a list, each with its path ({@code schools[2]}); empty if absent. */
  public List<ConfigNode> list(String key) {
    Node value = value(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof SequenceNode seq)) {
      reportType(key, value, "a list");
      return List.of();
    }
    List<ConfigNode> out = new ArrayList<>();
    List<Node> items = seq.getValue();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      // A null element ("- ") reads as an empty map: its required keys are reported missing.
      out.add(
          new ConfigNode(
              file,
              keyPath(key) + "[" + i + "]",
              item,
              originOf(file, item.getStartMark()),
              problems));
    }
    return out;
  }

  /** Reports {@code message} about this node: {@code PATH: message} at its position. */
  public void error(String message) {
    problems.add(new Problem(origin(), label() + ": " + message));
  }

  /** Reports {@code message} about a key: {@code PATH.key: message} at its value's position. */
  public void error(String key, String message) {
    problems.add(new Problem(origin(key), keyPath(key) + ": " + message));
  }

  /** Reports a problem exactly as given. */
  public void report(Origin origin, String message) {
    problems.add(new Problem(origin, message));
  }

  /** Reports {@code missing required key 'KEY' in PATH} at this node's position. */
  public void reportMissing(String key) {
    problems.add(new Problem(origin(), "missing required key '" + key + "' " + where()));
  }

  private BigDecimal decimalText(String key) {
    String text = scalar(key, "a number");
    if (text == null) {
      return null;
    }
    if (!NUMBER.matcher(text).matches()) {
      error(key, "expected a number, got '" + text + "'");
      return null;
    }
    return new BigDecimal(text);
  }

  private static String rangeMessage(BigDecimal min, BigDecimal max, double top, BigDecimal v) {
    String got = ", got " + v.stripTrailingZeros().toPlainString();
    if (top == Integer.MAX_VALUE || top == Double.MAX_VALUE) {
      return "must be at least " + min.stripTrailingZeros().toPlainString() + got;
    }
    return "must be between "
        + min.stripTrailingZeros().toPlainString()
        + " and "
        + max.stripTrailingZeros().toPlainString()
        + got;
  }

  /** The scalar text of a key, or null if absent or not a scalar (reported). */
  private String scalar(String key, String expected) {
    Node value = value(key);
    if (value == null) {
      return null;
    }
    if (value instanceof ScalarNode s) {
      return s.getValue();
    }
    reportType(key, value, expected);
    return null;
  }

  private void reportType(String key, Node value, String expected) {
    error(key, "expected " + expected + ", got " + describe(value));
  }

  private NodeTuple tuple(String key) {
    MappingNode map = mapping();
    if (map == null) {
      return null;
    }
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t;
      }
    }
    return null;
  }

  private Node value(String key) {
    NodeTuple t = tuple(key);
    return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
  }

  private MappingNode mapping() {
    if (node == null) {
      return null;
    }
    if (node instanceof MappingNode map) {
      return map;
    }
    if (!mapTypeReported) {
      mapTypeReported = true;
      problems.add(new Problem(origin(), label() + ": expected a map, got " + describe(node)));
    }
    return null;
  }

  private String label() {
    return path.isEmpty() ? "top level" : path;
  }

  private String where() {
    return path.isEmpty() ? "at top level" : "in " + path;
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  private static String describe(Node n) {
    if (n == null || isNull(n)) {
      return "nothing";
    }
    if (n instanceof MappingNode) {
      return "a map";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    return "'" + ((ScalarNode) n).getValue() + "'";
  }

  private static Origin originOf(String file, Mark mark) {
    return new Origin(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable document";
    }
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }

  /** Reports duplicate and non-string keys anywhere in the tree (aliases visited once). */
  private static void checkKeys(
      String file, Node node, String path, List<Problem> problems, Set<Node> seen) {
    if (!seen.add(node)) {
      return;
    }
    if (node instanceof MappingNode map) {
      Map<String, Origin> first = new HashMap<>();
      String where = path.isEmpty() ? "at top level" : "in " + path;
      for (NodeTuple t : map.getValue()) {
        Node k = t.getKeyNode();
        Origin at = originOf(file, k.getStartMark());
        if (!(k instanceof ScalarNode key)) {
          problems.add(
              new Problem(at, "expected a plain string key " + where + ", got " + describe(k)));
          continue;
        }
        Origin previous = first.putIfAbsent(key.getValue(), at);
        if (previous != null) {
          problems.add(
              new Problem(
                  at,
                  "duplicate key '"
                      + key.getValue()
                      + "' "
                      + where
                      + " (first declared at "
                      + previous
                      + ")"));
        }
        String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
        checkKeys(file, t.getValueNode(), child, problems, seen);
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        checkKeys(file, seq.getValue().get(i), path + "[" + i + "]", problems, seen);
      }
    }
  }
}
