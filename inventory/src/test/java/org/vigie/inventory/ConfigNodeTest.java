package org.vigie.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {
  private final List<Problem> problems = new ArrayList<>();

  private ConfigNode parse(String yaml) {
    return ConfigNode.parse("t.yaml", yaml, problems);
  }

  private List<String> reported() {
    return problems.stream().sorted().map(Problem::toString).toList();
  }

  @Test
  void goodValues_areReadWithoutProblems() {
    ConfigNode n =
        parse(
            "s: hello\ni: 42\nf: 0.25\nb: false\nd: 5m\nm: 12.50\nl: [a, b]\nsub: {x: 1}\nnul:\n");

    assertThat(n.string("s", "x")).isEqualTo("hello");
    assertThat(n.requiredString("s")).isEqualTo("hello");
    assertThat(n.integer("i", 0, 0, 100)).isEqualTo(42);
    assertThat(n.number("f", 0, 0, 0.5)).isEqualTo(0.25);
    assertThat(n.bool("b", true)).isFalse();
    assertThat(n.duration("d", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
    assertThat(n.decimal("m", BigDecimal.ONE, BigDecimal.ZERO)).isEqualTo(new BigDecimal("12.50"));
    assertThat(n.list("l")).extracting(ConfigNode::text).containsExactly("a", "b");
    assertThat(n.list("l").get(1).path()).isEqualTo("l[1]");
    assertThat(n.child("sub").orElseThrow().integer("x", 0, 0, 9)).isEqualTo(1);
    assertThat(n.child("nul")).isEmpty();
    assertThat(n.string("absent", "def")).isEqualTo("def");
    assertThat(n.keys()).containsExactly("s", "i", "f", "b", "d", "m", "l", "sub", "nul");
    assertThat(problems).isEmpty();
  }

  @Test
  void badValues_areAllReportedWithTheirPathAndPosition_andDefaultsReturned() {
    ConfigNode http =
        parse("http:\n  port: 70000\n  host: [a]\n  on: yes\n  t: 10\n  j: 0.7\n")
            .child("http")
            .orElseThrow();

    assertThat(http.integer("port", 8080, 0, 65535)).isEqualTo(8080);
    assertThat(http.string("host", "127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(http.bool("on", false)).isFalse();
    assertThat(http.duration("t", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(http.number("j", 0.1, 0, 0.5)).isEqualTo(0.1);
    assertThat(http.requiredString("name")).isNull();
    assertThat(reported())
        .containsExactly(
            "t.yaml:2:3: missing required key 'name' in http",
            "t.yaml:2:9: http.port: must be between 0 and 65535, got 70000",
            "t.yaml:3:9: http.host: expected a string, got a list",
            "t.yaml:4:7: http.on: expected true or false, got 'yes'",
            "t.yaml:5:6: http.t: expected a duration such as 500ms, 10s, 5m, 1h or 1d, got '10'",
            "t.yaml:6:6: http.j: must be between 0 and 0.5, got 0.7");
  }

  @Test
  void allowKeys_reportsEachUnknownKeyAtTheKey() {
    ConfigNode n = parse("vigie:\n  htp: {}\n  state: {}\n  sheduler: {}\n");

    n.child("vigie").orElseThrow().allowKeys("http", "scheduler", "state");

    assertThat(reported())
        .containsExactly(
            "t.yaml:2:3: unknown key 'htp' in vigie; expected one of: http, scheduler, state",
            "t.yaml:4:3: unknown key 'sheduler' in vigie; expected one of: http, scheduler, state");
  }

  @Test
  void aScalarWhereAMapBelongs_isReportedOnce() {
    ConfigNode http = parse("http: 8080\n").child("http").orElseThrow();

    http.allowKeys("port");
    assertThat(http.integer("port", 1, 0, 9)).isEqualTo(1);
    assertThat(http.string("host", "h")).isEqualTo("h");

    assertThat(reported()).containsExactly("t.yaml:1:7: http: expected a map, got '8080'");
  }

  @Test
  void list_ofAMap_isReported() {
    assertThat(parse("schools: {a: 1}\n").list("schools")).isEmpty();
    assertThat(reported()).containsExactly("t.yaml:1:10: schools: expected a list, got a map");
  }

  @Test
  void syntaxError_isOneProblemAndAnEmptyRoot() {
    ConfigNode root = parse("a: [1, 2\nb: 3\n");

    assertThat(root.isPresent()).isFalse();
    assertThat(root.integer("b", 7, 0, 9)).isEqualTo(7);
    assertThat(reported())
        .hasSize(1)
        .first()
        .asString()
        .startsWith("t.yaml:")
        .contains(": YAML syntax error: ");
  }

  @Test
  void withProblems_redirectsReportsToTheCallersSink() {
    ConfigNode n = parse("port: x\n");
    List<Problem> mine = new ArrayList<>();

    n.withProblems(mine).integer("port", 1, 0, 9);

    assertThat(problems).isEmpty();
    assertThat(mine)
        .extracting(Problem::toString)
        .containsExactly("t.yaml:1:7: port: expected an integer, got 'x'");
  }
}
