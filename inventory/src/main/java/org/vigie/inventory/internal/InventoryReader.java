package org.vigie.inventory.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.LoadResult;
import org.vigie.inventory.Origin;
import org.vigie.inventory.Problem;
import org.vigie.inventory.School;
import org.vigie.inventory.Tariff;

/** Reads a whole configuration file: the sections in order, then CSV imports, then topology. */
public final class InventoryReader {
  private static final String[] TOP_LEVEL = {
    "vigie",
    "tariff",
    "check-defaults",
    "imports",
    "communes",
    "schools",
    "calendar",
    "alerting",
    "reports"
  };

  /** Top-level sections read by other modules, handed over raw in {@link LoadResult#sections()}. */
  private static final List<String> RAW_SECTIONS =
      List.of("vigie", "calendar", "alerting", "reports");

  private final Map<String, CheckKindSchema> kinds;

  public InventoryReader(Map<String, CheckKindSchema> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  /**
   * Reads {@code text}; CSV imports resolve against {@code baseDir}.
   *
   * @param fileName the name used in every problem
   */
  public LoadResult read(String fileName, String text, Path baseDir) {
    List<Problem> problems = new ArrayList<>();
    ConfigNode root = ConfigNode.parse(fileName, text, problems);
    Map<String, ConfigNode> sections = new LinkedHashMap<>();
    for (String name : RAW_SECTIONS) {
      sections.put(name, root.childOrEmpty(name).withProblems(new ArrayList<>()));
    }
    // After a syntax error or with a non-map document, everything else would be noise.
    if (!root.isPresent() && !problems.isEmpty()) {
      return new LoadResult(null, sections, problems); // a syntax error, already reported
    }
    if (!root.isMap()) {
      root.allowKeys(TOP_LEVEL); // reports "top level: expected a map"
      return new LoadResult(null, sections, problems);
    }
    root.allowKeys(TOP_LEVEL);
    Tariff tariff = tariff(root.childOrEmpty("tariff"));
    CheckReader checkReader = new CheckReader(kinds);
    Map<DeviceKind, List<CheckSpec>> defaults =
        checkReader.readDefaults(root.childOrEmpty("check-defaults"));
    Map<String, Commune> communes = new CommuneReader().read(root);

    SchoolReader schoolReader = new SchoolReader(checkReader, defaults);
    Map<String, School> schools = new LinkedHashMap<>();
    Map<String, Origin> schoolIds = new LinkedHashMap<>();
    Map<String, List<DeviceDecl>> decls = new LinkedHashMap<>();
    for (ConfigNode s : root.list("schools")) {
      SchoolReader.Read read = schoolReader.read(s, communes.keySet());
      School school = read.school();
      if (school == null) {
        continue;
      }
      Origin first = schoolIds.putIfAbsent(school.id(), s.origin("id"));
      if (first != null) {
        // Its devices are validated but not merged into the first school's, which would only
        // add duplicate-device noise.
        s.error("id", "duplicate id '" + school.id() + "' (first declared at " + first + ")");
        continue;
      }
      schools.put(school.id(), school);
      decls.put(school.id(), new ArrayList<>(read.devices()));
    }

    CsvImporter csv = new CsvImporter(defaults);
    for (ConfigNode entry : root.list("imports")) {
      String name = entry.text();
      if (name == null) {
        continue;
      }
      Path file = baseDir.resolve(name);
      String content = readImport(entry, name, file);
      if (content != null) {
        for (DeviceDecl d :
            csv.read(file.toString(), content, Set.copyOf(schools.keySet()), problems)) {
          decls.get(d.schoolId()).add(d);
        }
      }
    }

    List<Device> devices = new ArrayList<>();
    decls.forEach((school, list) -> devices.addAll(DeviceResolver.resolve(school, list, problems)));
    Inventory inventory =
        problems.isEmpty()
            ? new Inventory(
                List.copyOf(communes.values()), List.copyOf(schools.values()), devices, tariff)
            : null;
    return new LoadResult(inventory, sections, problems);
  }

  /** Reads a file given on the command line; an unreadable file is one problem. */
  public LoadResult read(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Origin at = new Origin(name, 1, 1);
      List<Problem> problems = List.of(new Problem(at, "cannot read: " + describe(e)));
      Map<String, ConfigNode> sections = new LinkedHashMap<>();
      for (String section : RAW_SECTIONS) {
        sections.put(section, ConfigNode.empty(section, at, new ArrayList<>()));
      }
      return new LoadResult(null, sections, problems);
    }
    Path parent = file.getParent();
    return read(name, text, parent == null ? Path.of("") : parent);
  }

  private static String readImport(ConfigNode entry, String name, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      entry.error("cannot read '" + name + "': " + describe(e));
      return null;
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof CharacterCodingException) {
      return "not valid UTF-8";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static Tariff tariff(ConfigNode t) {
    t.allowKeys("workstation", "access-point", "school", "currency");
    Tariff d = Tariff.defaults();
    return new Tariff(
        t.decimal("workstation", d.perWorkstation(), BigDecimal.ZERO),
        t.decimal("access-point", d.perAccessPoint(), BigDecimal.ZERO),
        t.decimal("school", d.perSchool(), BigDecimal.ZERO),
        t.string("currency", d.currency()));
  }
}
