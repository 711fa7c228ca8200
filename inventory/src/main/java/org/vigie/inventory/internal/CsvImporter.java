package org.vigie.inventory.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Origin;
import org.vigie.inventory.Problem;

/**
 * Reads a CSV estate file ({@code school;device;kind;name;address;parent}). Errors are {@code
 * FILE:LINE:COLUMN: column: message}, COLUMN being the 1-based field index.
 */
final class CsvImporter {
  private static final List<String> COLUMNS =
      List.of("school", "device", "kind", "name", "address", "parent");
  private static final Set<String> REQUIRED = Set.of("school", "device", "kind", "address");

  private final Map<DeviceKind, List<CheckSpec>> defaults;

  CsvImporter(Map<DeviceKind, List<CheckSpec>> defaults) {
    this.defaults = defaults;
  }

  List<DeviceDecl> read(String file, String content, Set<String> schools, List<Problem> problems) {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    int eol = text.indexOf('\n');
    String headerLine = eol < 0 ? text : text.substring(0, eol);
    char separator = headerLine.indexOf(';') >= 0 ? ';' : ',';
    int[] lineStarts = lineStarts(text);
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setDelimiter(separator)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .get();
    List<DeviceDecl> devices = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      Iterator<CSVRecord> records = parser.iterator();
      try {
        if (!records.hasNext()) {
          problems.add(
              new Problem(
                  new Origin(file, 1, 1),
                  "missing header; expected " + String.join(String.valueOf(separator), COLUMNS)));
          return devices;
        }
        Map<String, Integer> columns = header(file, records.next(), problems);
        if (columns == null) {
          return devices;
        }
        while (records.hasNext()) {
          CSVRecord r = records.next();
          int line = lineOf(lineStarts, r.getCharacterPosition());
          row(file, line, r, columns, schools, problems).ifPresent(devices::add);
        }
      } catch (UncheckedIOException e) {
        problems.add(
            new Problem(
                new Origin(file, (int) Math.max(1, parser.getCurrentLineNumber()), 1),
                "CSV syntax error: " + e.getCause().getMessage()));
      }
    } catch (IOException e) {
      problems.add(new Problem(new Origin(file, 1, 1), "cannot read: " + e.getMessage()));
    }
    return devices;
  }

  /** Column name to 0-based index; null when the header is unusable (reported). */
  private static Map<String, Integer> header(String file, CSVRecord r, List<Problem> problems) {
    Map<String, Integer> columns = new LinkedHashMap<>();
    int before = problems.size();
    for (int i = 0; i < r.size(); i++) {
      String name = r.get(i).strip().toLowerCase(Locale.ROOT);
      Origin at = new Origin(file, 1, i + 1);
      if (!COLUMNS.contains(name)) {
        problems.add(
            new Problem(
                at,
                "unknown column '" + name + "'; expected one of: " + String.join(", ", COLUMNS)));
      } else if (columns.putIfAbsent(name, i) != null) {
        problems.add(new Problem(at, "duplicate column '" + name + "'"));
      }
    }
    for (String c : COLUMNS) {
      if (REQUIRED.contains(c) && !columns.containsKey(c)) {
        problems.add(new Problem(new Origin(file, 1, 1), "missing required column '" + c + "'"));
      }
    }
    return problems.size() == before ? columns : null;
  }

  private Optional<DeviceDecl> row(
      String file,
      int line,
      CSVRecord r,
      Map<String, Integer> columns,
      Set<String> schools,
      List<Problem> problems) {
    if (r.size() != columns.size()) {
      problems.add(
          new Problem(
              new Origin(file, line, 1),
              "expected " + columns.size() + " fields, got " + r.size()));
      return Optional.empty();
    }
    Map<String, Site> sites = new LinkedHashMap<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (var c : columns.entrySet()) {
      Site site = new Site(new Origin(file, line, c.getValue() + 1), c.getKey());
      sites.put(c.getKey(), site);
      String v = r.get(c.getValue()).strip();
      if (v.isEmpty()) {
        if (REQUIRED.contains(c.getKey())) {
          problems.add(site.problem("missing value"));
        }
        continue;
      }
      values.put(c.getKey(), v);
    }
    String school = values.get("school");
    if (school != null && !schools.contains(school)) {
      problems.add(sites.get("school").problem("unknown school '" + school + "'"));
      school = null;
    }
    String id = check(values, sites, "device", Formats::idProblem, problems);
    String address = check(values, sites, "address", Formats::addressProblem, problems);
    DeviceKind kind = null;
    String kindText = values.get("kind");
    if (kindText != null) {
      kind = DeviceKind.fromKey(kindText).orElse(null);
      if (kind == null) {
        problems.add(
            sites
                .get("kind")
                .problem(
                    "unknown device kind '"
                        + kindText
                        + "'; expected one of: "
                        + CheckReader.kindList()));
      }
    }
    if (school == null || id == null) {
      return Optional.empty();
    }
    String parent = values.get("parent");
    return Optional.of(
        new DeviceDecl(
            school,
            id,
            kind,
            values.get("name"),
            address,
            parent,
            kind == null ? List.of() : defaults.get(kind),
            new Origin(file, line, 1),
            sites.get("device"),
            parent == null ? null : sites.get("parent")));
  }

  private static String check(
      Map<String, String> values,
      Map<String, Site> sites,
      String column,
      Function<String, String> rule,
      List<Problem> problems) {
    String v = values.get(column);
    if (v != null) {
      String message = rule.apply(v);
      if (message != null) {
        problems.add(sites.get(column).problem(message));
      }
    }
    return v;
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The 1-based line holding character {@code position}. */
  private static int lineOf(int[] lineStarts, long position) {
    int i = Arrays.binarySearch(lineStarts, (int) position);
    return (i >= 0 ? i : -i - 2) + 1;
  }
}
