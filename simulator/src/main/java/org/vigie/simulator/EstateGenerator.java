package org.vigie.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigie.inventory.Durations;

/**
 * Generates a plausible simulated estate (communes, schools, links and devices) as YAML text in the
 * format of {@code docs/configuration.md}. The output depends only on the {@link Options}: the same
 * options always give the same text, so a generated file can be committed and checked.
 *
 * <p>School {@code i} (0-based, in output order) lives on the loopback prefix {@code 127.<20 + i /
 * 250>.<i % 250 + 1>.}, so {@link SimulatedNetwork} can give every device its own address without
 * any network configuration.
 */
public final class EstateGenerator {

  /**
   * What to generate.
   *
   * @param communes how many communes, the first ones of the embedded list (1–68)
   * @param schools how many schools, at least one per commune
   * @param seed the seed of every random choice
   * @param checkInterval the interval of every default check; timeouts are {@code min(10s, interval
   *     / 2)}
   */
  public record Options(int communes, int schools, long seed, Duration checkInterval) {
    public Options {
      if (communes < 1) {
        throw new IllegalArgumentException("communes must be >= 1, got " + communes);
      }
      if (schools < communes) {
        throw new IllegalArgumentException(
            "schools (" + schools + ") must be >= communes (" + communes + ")");
      }
      if (schools > 250 * 235) {
        throw new IllegalArgumentException("too many schools for the address plan: " + schools);
      }
      if (checkInterval.toMillis() < 2) {
        throw new IllegalArgumentException("check interval too small: " + checkInterval);
      }
    }

    /** The reference estate: 68 communes, 110 schools, seed 2019, checks every 60 s. */
    public static Options defaults() {
      return new Options(68, 110, 2019, Duration.ofSeconds(60));
    }

    public Options withCommunes(int n) {
      return new Options(n, schools, seed, checkInterval);
    }

    public Options withSchools(int n) {
      return new Options(communes, n, seed, checkInterval);
    }

    public Options withSeed(long s) {
      return new Options(communes, schools, s, checkInterval);
    }

    public Options withCheckInterval(Duration d) {
      return new Options(communes, schools, seed, d);
    }
  }

  /** First octet-2 value of the school address plan; 127.20/16 upwards is left to the demo. */
  static final int FIRST_SUBNET = 20;

  /** Schools per /16 (host part .1 to .250 of the third octet). */
  static final int SCHOOLS_PER_SUBNET = 250;

  /** Workstations of the reference estate (about 2,300 for 110 schools). */
  private static final double WORKSTATIONS_PER_SCHOOL = 2300.0 / 110.0;

  /**
   * Approximate populations, used only to give big communes more schools; communes not listed weigh
   * {@link #DEFAULT_WEIGHT}.
   */
  private static final Map<String, Integer> WEIGHTS =
      Map.ofEntries(
          Map.entry("Besançon", 116_000),
          Map.entry("Saint-Vit", 5_000),
          Map.entry("Saône", 3_300),
          Map.entry("Thise", 3_100),
          Map.entry("Miserey-Salines", 2_800),
          Map.entry("École-Valentin", 2_500),
          Map.entry("Avanne-Aveney", 2_400),
          Map.entry("Franois", 2_400),
          Map.entry("Roche-lez-Beaupré", 2_200),
          Map.entry("Montferrand-le-Château", 2_100),
          Map.entry("Les Auxons", 2_100),
          Map.entry("Pouilley-les-Vignes", 2_000),
          Map.entry("Chemaudin et Vaux", 2_000),
          Map.entry("Pirey", 2_000),
          Map.entry("Châtillon-le-Duc", 1_800),
          Map.entry("Mamirolle", 1_800),
          Map.entry("Serre-les-Sapins", 1_700),
          Map.entry("Novillars", 1_500),
          Map.entry("Devecey", 1_400),
          Map.entry("Dannemarie-sur-Crête", 1_400),
          Map.entry("Beure", 1_300),
          Map.entry("Morre", 1_300),
          Map.entry("Marchaux-Chaudefontaine", 1_300),
          Map.entry("Chalezeule", 1_200));

  private static final int DEFAULT_WEIGHT = 500;

  private static final List<String> SCHOOL_TYPES =
      List.of("École élémentaire", "École maternelle", "École primaire", "Groupe scolaire");

  private static final List<String> PATRONS =
      List.of(
          "Jules Ferry",
          "Victor Hugo",
          "Jean Macé",
          "Louis Pasteur",
          "Marie Curie",
          "Jean Jaurès",
          "Condorcet",
          "Louis Pergaud",
          "Jean Zay",
          "Paul Éluard",
          "Jacques Prévert",
          "Jean Moulin",
          "Colette",
          "Anatole France",
          "Saint-Exupéry",
          "Marcel Pagnol",
          "Jules Verne",
          "Simone Veil",
          "Lucie Aubrac",
          "Gustave Courbet",
          "Charles Fourier",
          "Frères Lumière",
          "Les Tilleuls",
          "Les Cerisiers",
          "Les Acacias",
          "Les Marronniers",
          "Le Petit Prince",
          "Les Vergers");

  private static final List<String> STREETS =
      List.of(
          "rue des Écoles",
          "rue de la Mairie",
          "Grande Rue",
          "rue du Stade",
          "chemin des Vignes",
          "rue de l'Église",
          "place de la Mairie",
          "rue Victor Hugo",
          "avenue de la Libération",
          "rue du Doubs",
          "rue des Tilleuls",
          "rue Pasteur");

  private static final Pattern PLAIN_SCALAR =
      Pattern.compile("[\\p{L}\\p{N}/][\\p{L}\\p{N} .,'()/-]*");
  private static final Set<String> YAML_WORDS =
      Set.of("yes", "no", "true", "false", "on", "off", "null", "y", "n");

  /** Creates a generator; it holds no state, one instance can serve any number of calls. */
  public EstateGenerator() {}

  /**
   * Incidents with the built-in rules, e-mailed to the DSI's on-call mailbox ({@code vigie demo}
   * has no SMTP server: it prints each e-mail on the console instead).
   */
  private static void alerting(StringBuilder y) {
    y.append(
        """
        # Incidents by root cause with the built-in rules (docs/configuration.md, "alerting"),
        # e-mailed to the on-call mailbox. Without an `email:` server, `vigie demo` prints them.
        alerting:
          grafana-url: http://127.0.0.1:3000
          routes:
            - name: dsi-on-call
              email: [astreinte-ecoles@dsi.example]

        """);
  }

  /** The estate described by {@code o}, as YAML text. */
  public String generate(Options o) {
    List<String> allCommunes = communeNames();
    if (o.communes() > allCommunes.size()) {
      throw new IllegalArgumentException(
          "only " + allCommunes.size() + " communes are known, asked for " + o.communes());
    }
    List<String> communes = allCommunes.subList(0, o.communes());
    Random rng = new Random(o.seed());
    int[] perCommune = allocate(communes, o.schools());

    List<PlannedSchool> schools = new ArrayList<>();
    for (int c = 0; c < communes.size(); c++) {
      String commune = communes.get(c);
      List<String> names = schoolNames(rng, perCommune[c]);
      for (int n = 1; n <= perCommune[c]; n++) {
        String address =
            (1 + rng.nextInt(60)) + " " + STREETS.get(rng.nextInt(STREETS.size())) + ", " + commune;
        schools.add(
            new PlannedSchool(
                slug(commune) + "-" + n,
                names.get(n - 1),
                slug(commune),
                address,
                perCommune[c] == 1));
      }
    }
    List<String> linkTypes = linkTypes(rng, schools);
    int[] workstations = workstations(rng, schools.size());

    StringBuilder y = new StringBuilder(256 * 1024);
    header(y, o, schools.size(), workstations);
    settings(y, o);
    alerting(y);
    y.append("communes:\n");
    for (String commune : communes) {
      y.append("  - id: ").append(slug(commune)).append('\n');
      y.append("    name: ").append(scalar(commune)).append('\n');
      // Who receives the commune's monthly report (example.org addresses: never delivered).
      y.append("    contacts:\n");
      y.append("      - name: Secrétariat de la mairie\n");
      y.append("        role: rapport mensuel\n");
      y.append("        email: mairie@").append(slug(commune)).append(".example.org\n");
    }
    y.append("\nschools:\n");
    for (int i = 0; i < schools.size(); i++) {
      school(y, rng, i, schools.get(i), linkTypes.get(i), workstations[i]);
    }
    return y.toString();
  }

  /** The loopback prefix of school {@code i} (0-based), ending with a dot. */
  static String prefix(int i) {
    return "127."
        + (FIRST_SUBNET + i / SCHOOLS_PER_SUBNET)
        + "."
        + (i % SCHOOLS_PER_SUBNET + 1)
        + ".";
  }

  /** Lowercase ASCII, accents stripped, runs of anything else turned into one dash. */
  static String slug(String name) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT);
    return ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  /** The 68 member communes, from the embedded list (comments and blank lines skipped). */
  static List<String> communeNames() {
    try (InputStream in = EstateGenerator.class.getResourceAsStream("communes.txt")) {
      if (in == null) {
        throw new IllegalStateException("communes.txt is missing from the simulator jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record PlannedSchool(
      String id, String name, String communeId, String address, boolean alone) {}

  /** One school each, the rest by population (largest remainder, ties to the first listed). */
  private static int[] allocate(List<String> communes, int schools) {
    int[] out = new int[communes.size()];
    int extra = schools - communes.size();
    double total = communes.stream().mapToDouble(EstateGenerator::weight).sum();
    double[] remainders = new double[out.length];
    int given = 0;
    for (int c = 0; c < out.length; c++) {
      double quota = extra * weight(communes.get(c)) / total;
      out[c] = 1 + (int) Math.floor(quota);
      remainders[c] = quota - Math.floor(quota);
      given += (int) Math.floor(quota);
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < out.length; c++) {
      order.add(c);
    }
    order.sort((a, b) -> Double.compare(remainders[b], remainders[a]));
    for (int k = 0; k < extra - given; k++) {
      out[order.get(k % order.size())]++;
    }
    return out;
  }

  private static double weight(String commune) {
    return WEIGHTS.getOrDefault(commune, DEFAULT_WEIGHT);
  }

  /** Distinct names within a commune (there are far more combinations than schools). */
  private static List<String> schoolNames(Random rng, int n) {
    List<String> combos = new ArrayList<>();
    for (String patron : PATRONS) {
      for (String type : SCHOOL_TYPES) {
        combos.add(type + " " + patron);
      }
    }
    Collections.shuffle(combos, rng);
    List<String> out = new ArrayList<>(combos.subList(0, Math.min(n, combos.size())));
    for (int k = out.size(); k < n; k++) {
      out.add(combos.get(k % combos.size()) + " " + (k / combos.size() + 1));
    }
    return out;
  }

  /**
   * About 44 of 110 schools on the municipal Lumière network, two or three on satellite (only in
   * communes with a single school: the city is never that remote), the rest fibre or ADSL.
   */
  private static List<String> linkTypes(Random rng, List<PlannedSchool> schools) {
    int n = schools.size();
    int lumiere = (int) Math.round(n * 44.0 / 110.0);
    int satellite = n >= 100 ? 3 : n >= 20 ? 2 : 0;
    int rest = n - lumiere - satellite;
    List<String> types = new ArrayList<>();
    types.addAll(Collections.nCopies(lumiere, "lumiere"));
    types.addAll(Collections.nCopies(satellite, "satellite"));
    types.addAll(Collections.nCopies((rest + 1) / 2, "fibre"));
    types.addAll(Collections.nCopies(rest / 2, "adsl"));
    Collections.shuffle(types, rng);
    for (int i = 0; i < n; i++) {
      if (types.get(i).equals("satellite") && !schools.get(i).alone()) {
        for (int j = 0; j < n; j++) {
          if (!types.get(j).equals("satellite") && schools.get(j).alone()) {
            Collections.swap(types, i, j);
            break;
          }
        }
      }
    }
    return types;
  }

  /**
   * 10–40 workstations per school, skewed towards small schools, then nudged so the total is the
   * reference estate's ratio (about 2,300 for 110 schools).
   */
  private static int[] workstations(Random rng, int n) {
    int[] out = new int[n];
    int sum = 0;
    for (int i = 0; i < n; i++) {
      out[i] = Math.min(40, 10 + (int) (31 * Math.pow(rng.nextDouble(), 1.6)));
      sum += out[i];
    }
    int target =
        (int) Math.max(10L * n, Math.min(40L * n, Math.round(n * WORKSTATIONS_PER_SCHOOL)));
    while (sum != target) {
      int i = rng.nextInt(n);
      if (sum < target && out[i] < 40) {
        out[i]++;
        sum++;
      } else if (sum > target && out[i] > 10) {
        out[i]--;
        sum--;
      }
    }
    return out;
  }

  private static void header(StringBuilder y, Options o, int schools, int[] workstations) {
    int total = 0;
    for (int w : workstations) {
      total += w;
    }
    y.append("# Vigie demo estate: ")
        .append(o.communes())
        .append(" communes, ")
        .append(schools)
        .append(" schools, ")
        .append(total)
        .append(" workstations.\n");
    y.append("#\n");
    y.append("# Generated by the estate generator of `vigie demo` (EstateGenerator, seed ")
        .append(o.seed())
        .append(");\n");
    y.append("# this is the inventory the demo uses. Do not edit by hand: regenerate it.\n");
    y.append("# Every device has its own loopback address (school i: 127.<20 + i / 250>.")
        .append("<i % 250 + 1>.x)\n");
    y.append("# and the default checks use ports >= 1024, so the simulator runs without root.\n\n");
  }

  private static void settings(StringBuilder y, Options o) {
    Duration interval = o.checkInterval();
    Duration half = interval.dividedBy(2);
    Duration timeout = half.compareTo(Duration.ofSeconds(10)) < 0 ? half : Duration.ofSeconds(10);
    String timing =
        "      interval: "
            + Durations.format(interval)
            + "\n      timeout: "
            + Durations.format(timeout)
            + "\n";
    y.append(
        """
        vigie:
          http:
            host: 127.0.0.1
            port: 8080
          scheduler:
            max-concurrency: 1000
            per-school-concurrency: 4
            jitter: 0.1
          state:
            down-after: 3
            up-after: 2

        tariff:
          workstation: 52
          access-point: 100
          school: 200
          currency: EUR

        """);
    y.append("# Unprivileged ports, so that the simulated estate runs without root.\n");
    y.append("check-defaults:\n");
    y.append("  router:\n");
    http(y, "admin", 8080, "/", timing);
    y.append("  switch:\n");
    http(y, "admin", 8080, "/", timing);
    y.append("  server:\n");
    http(y, "health", 8080, "/health", timing);
    tcp(y, "smb", 10445, timing);
    tcp(y, "ldap", 10389, timing);
    tcp(y, "proxy", 3128, timing);
    y.append("  access-point:\n");
    http(y, "http", 8080, "/", timing);
    y.append("  printer:\n");
    tcp(y, "jetdirect", 9100, timing);
    y.append("  workstation: []\n\n");
  }

  private static void http(StringBuilder y, String name, int port, String path, String timing) {
    y.append("    - name: ").append(name).append("\n      kind: http\n");
    y.append("      port: ").append(port).append("\n      path: ").append(scalar(path));
    y.append('\n').append(timing);
  }

  private static void tcp(StringBuilder y, String name, int port, String timing) {
    y.append("    - name: ").append(name).append("\n      kind: tcp\n");
    y.append("      port: ").append(port).append('\n').append(timing);
  }

  private static void school(
      StringBuilder y, Random rng, int i, PlannedSchool s, String linkType, int workstations) {
    String p = prefix(i);
    y.append("  - id: ").append(s.id()).append('\n');
    y.append("    name: ").append(scalar(s.name())).append('\n');
    y.append("    commune: ").append(s.communeId()).append('\n');
    y.append("    address: ").append(scalar(s.address())).append('\n');
    y.append("    link:\n");
    y.append("      type: ").append(linkType).append('\n');
    link(y, rng, linkType);
    y.append("      address: ").append(p).append("1\n");
    y.append("    devices:\n");
    device(y, "router", "router", "Routeur", p + "1");
    device(y, "switch", "switch", "Commutateur", p + "2");
    device(y, "server", "server", "Serveur de l'école", p + "10");
    int aps = 1 + rng.nextInt(4);
    for (int a = 0; a < aps; a++) {
      device(y, "ap-" + (a + 1), "access-point", "Borne Wi-Fi " + (a + 1), p + (20 + a));
    }
    if (rng.nextBoolean()) {
      device(y, "printer", "printer", "Imprimante", p + "30");
    }
    device(y, "pc", "workstation", "Poste élève", p + "100");
    y.append("        count: ").append(workstations).append('\n');
  }

  private static void link(StringBuilder y, Random rng, String type) {
    String provider;
    double[][] offers;
    switch (type) {
      case "lumiere" -> {
        provider = "Réseau Lumière";
        offers = new double[][] {{20, 20}, {50, 50}, {100, 100}};
      }
      case "fibre" -> {
        provider = pick(rng, List.of("Orange Business", "SFR Business", "Bouygues Telecom"));
        offers = new double[][] {{100, 100}, {300, 300}, {500, 200}, {1000, 500}};
      }
      case "adsl" -> {
        provider = pick(rng, List.of("Orange", "SFR", "OVHcloud"));
        offers = new double[][] {{2, 0.5}, {4, 0.8}, {8, 0.8}, {15, 1}, {20, 1}};
      }
      default -> {
        provider = pick(rng, List.of("Nordnet", "Starlink"));
        offers = new double[][] {{30, 3}, {50, 5}, {100, 10}};
      }
    }
    double[] offer = offers[rng.nextInt(offers.length)];
    y.append("      provider: ").append(scalar(provider)).append('\n');
    y.append("      down-mbps: ").append(number(offer[0])).append('\n');
    y.append("      up-mbps: ").append(number(offer[1])).append('\n');
  }

  private static String pick(Random rng, List<String> options) {
    return options.get(rng.nextInt(options.size()));
  }

  private static void device(StringBuilder y, String id, String kind, String name, String addr) {
    y.append("      - id: ").append(id).append('\n');
    y.append("        kind: ").append(kind).append('\n');
    y.append("        name: ").append(scalar(name)).append('\n');
    y.append("        address: ").append(addr).append('\n');
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** A YAML scalar: plain when that is unambiguous, double-quoted otherwise. */
  static String scalar(String s) {
    if (PLAIN_SCALAR.matcher(s).matches()
        && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT))
        && !s.endsWith(" ")) {
      return s;
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
