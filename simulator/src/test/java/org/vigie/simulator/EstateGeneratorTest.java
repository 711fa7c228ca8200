package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class EstateGeneratorTest {
  private final EstateGenerator generator = new EstateGenerator();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String yaml) {
    return (Map<String, Object>) new Yaml().load(yaml);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void sameOptions_giveTheSameText() {
    EstateGenerator.Options o = EstateGenerator.Options.defaults();
    assertThat(generator.generate(o)).isEqualTo(new EstateGenerator().generate(o));
  }

  @Test
  void anotherSeed_givesAnotherEstate() {
    EstateGenerator.Options o = EstateGenerator.Options.defaults();
    assertThat(generator.generate(o)).isNotEqualTo(generator.generate(o.withSeed(7)));
  }

  @Test
  void defaultEstate_hasTheReferenceShape() {
    String text = generator.generate(EstateGenerator.Options.defaults());
    assertThat(text).startsWith("#").contains("vigie demo");
    Map<String, Object> root = parse(text);
    assertThat(root).containsKeys("vigie", "tariff", "check-defaults", "communes", "schools");

    List<Map<String, Object>> communes = list(root.get("communes"));
    assertThat(communes).hasSize(68);
    assertThat(communes.stream().map(c -> c.get("id")).distinct()).hasSize(68);
    assertThat(communes).anySatisfy(c -> assertThat(c).containsEntry("id", "besancon"));
    assertThat(communes)
        .anySatisfy(c -> assertThat(c).containsEntry("id", "cussey-sur-l-ognon"))
        .anySatisfy(c -> assertThat(c).containsEntry("name", "École-Valentin"));

    List<Map<String, Object>> schools = list(root.get("schools"));
    assertThat(schools).hasSize(110);
    Map<Object, Integer> perCommune = new HashMap<>();
    schools.forEach(s -> perCommune.merge(s.get("commune"), 1, Integer::sum));
    assertThat(perCommune).hasSize(68);
    assertThat(perCommune.get("besancon"))
        .isGreaterThan(10)
        .isEqualTo(perCommune.values().stream().mapToInt(i -> i).max().orElseThrow());
    assertThat(schools.stream().map(s -> s.get("id")).distinct()).hasSize(110);

    Map<Object, Long> linkTypes = new HashMap<>();
    schools.forEach(s -> linkTypes.merge(map(s.get("link")).get("type"), 1L, Long::sum));
    assertThat(linkTypes.get("lumiere")).isEqualTo(44);
    assertThat(linkTypes.get("satellite")).isBetween(2L, 3L);
    assertThat(linkTypes).containsKeys("fibre", "adsl");

    int workstations = 0;
    Set<String> addresses = new HashSet<>();
    for (Map<String, Object> s : schools) {
      List<Map<String, Object>> devices = list(s.get("devices"));
      assertThat(devices.getFirst()).containsEntry("kind", "router");
      assertThat(map(s.get("link")).get("address")).isEqualTo(devices.getFirst().get("address"));
      List<Object> kinds = new ArrayList<>();
      for (Map<String, Object> d : devices) {
        kinds.add(d.get("kind"));
        String address = (String) d.get("address");
        assertThat(address).startsWith("127.");
        int count = (Integer) d.getOrDefault("count", 1);
        String prefix = address.substring(0, address.lastIndexOf('.') + 1);
        int host = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
        for (int k = 0; k < count; k++) {
          assertThat(addresses.add(prefix + (host + k))).as("unique %s", address).isTrue();
        }
        if ("workstation".equals(d.get("kind"))) {
          assertThat(count).isBetween(10, 40);
          workstations += count;
        }
      }
      assertThat(kinds).contains("router", "switch", "server", "access-point", "workstation");
    }
    assertThat(workstations).isBetween(2100, 2500);
  }

  @Test
  void schoolAddresses_followTheLoopbackPlan() {
    Map<String, Object> root = parse(generator.generate(EstateGenerator.Options.defaults()));
    List<Map<String, Object>> schools = list(root.get("schools"));
    Map<String, Object> first = list(schools.get(0).get("devices")).getFirst();
    assertThat(first).containsEntry("address", "127.20.1.1");
    Map<String, Object> last = list(schools.get(109).get("devices")).getFirst();
    assertThat(last).containsEntry("address", "127.20.110.1");
    assertThat(EstateGenerator.prefix(250)).isEqualTo("127.21.1.");
  }

  @Test
  void checkDefaults_useUnprivilegedPorts_andTheInterval() {
    String text =
        generator.generate(
            EstateGenerator.Options.defaults().withCheckInterval(Duration.ofSeconds(10)));
    Map<String, Object> defaults = map(parse(text).get("check-defaults"));
    assertThat(defaults)
        .containsOnlyKeys("router", "switch", "server", "access-point", "printer", "workstation");
    assertThat(list(defaults.get("workstation"))).isEmpty();
    for (Object kind : defaults.values()) {
      for (Map<String, Object> check : list(kind)) {
        assertThat((Integer) check.get("port")).isGreaterThanOrEqualTo(1024);
        assertThat(check).containsEntry("interval", "10s").containsEntry("timeout", "5s");
      }
    }
    assertThat(list(defaults.get("server")))
        .extracting(c -> c.get("name"))
        .containsExactly("health", "smb", "ldap", "proxy");
  }

  @Test
  void smallEstate_stillGivesEveryCommuneASchool() {
    Map<String, Object> root =
        parse(
            generator.generate(EstateGenerator.Options.defaults().withCommunes(3).withSchools(5)));
    assertThat(list(root.get("communes"))).hasSize(3);
    assertThat(list(root.get("schools")).stream().map(s -> s.get("commune")).distinct()).hasSize(3);
  }

  @Test
  void tooFewSchools_isRejected() {
    assertThatThrownBy(() -> EstateGenerator.Options.defaults().withSchools(10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slug_stripsAccentsAndPunctuation() {
    assertThat(EstateGenerator.slug("Cussey-sur-l'Ognon")).isEqualTo("cussey-sur-l-ognon");
    assertThat(EstateGenerator.slug("Chemaudin et Vaux")).isEqualTo("chemaudin-et-vaux");
    assertThat(EstateGenerator.slug("Besançon")).isEqualTo("besancon");
  }
}
