package org.vigie.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.aggregator.influx.LineProtocol;
import org.vigie.inventory.Check;
import org.vigie.probe.Outcome;

class LineProtocolTest {
  private final Check http = Fixtures.check("jules-ferry", "server", "health", "http");
  private final Instant at = Instant.parse("2026-11-02T08:00:00.123Z");

  @Test
  void result_isOneLine_withSortedTags_figuresInBaseUnits_upOutcomeAndDuration() {
    String line =
        LineProtocol.result(
            Fixtures.result(
                http, Outcome.UP, at, Map.of("status_code", 200.0, "tls_expiry_seconds", 864e3)),
            http);
    assertThat(line)
        .isEqualTo(
            "probe_http,check=health,commune=besancon,device=server,device_kind=server,"
                + "link_type=lumiere,school=jules-ferry status_code=200.0,"
                + "tls_expiry_seconds=864000.0,duration_seconds=0.012,outcome=\"UP\",up=1i "
                + at.toEpochMilli());
  }

  @Test
  void downResult_hasUpZero_andNaNFiguresAreLeftOut() {
    String line =
        LineProtocol.result(
            Fixtures.result(http, Outcome.DOWN, at, Map.of("rtt_seconds", Double.NaN)), http);
    assertThat(line).endsWith(" duration_seconds=0.012,outcome=\"DOWN\",up=0i 1793606400123");
  }

  @Test
  void stateChange_quotesTheReason_andFlattensLineBreaks() {
    String line =
        LineProtocol.state(
            new StateChange(
                http.key(), CheckState.UP, CheckState.DOWN, at, "HTTP 500 \"oops\"\nbody"),
            http);
    assertThat(line)
        .isEqualTo(
            "state,check=health,commune=besancon,device=server,device_kind=server,kind=http,"
                + "link_type=lumiere,school=jules-ferry from=\"UP\","
                + "reason=\"HTTP 500 \\\"oops\\\" body\",to=\"DOWN\" 1793606400123");
  }

  @Test
  void tagValuesWithSpacesCommasAndEquals_areEscaped() {
    Check odd = Fixtures.check("a b,c=d", "server", "health", "http");
    String line = LineProtocol.result(Fixtures.result(odd, Outcome.UP, at, Map.of()), odd);
    assertThat(line).contains(",school=a\\ b\\,c\\=d ");
  }

  @Test
  void incident_hasSortedEscapedTags_quotedFields_andDurationOnlyWhenKnown() {
    var tags = new java.util.LinkedHashMap<String, String>();
    tags.put("severity", "MAJOR");
    tags.put("school", "a b,c=d");
    tags.put("commune", null); // an upstream incident has none: left out
    tags.put("event", "OPENED");
    String opened =
        LineProtocol.incident(
            new IncidentPoint(
                at, tags, "check:x@1", "OPENED MAJOR check:x", "backup \"old\"\nreally", null));
    assertThat(opened)
        .isEqualTo(
            "incident,event=OPENED,school=a\\ b\\,c\\=d,severity=MAJOR id=\"check:x@1\","
                + "text=\"backup \\\"old\\\" really\",title=\"OPENED MAJOR check:x\" "
                + at.toEpochMilli());
    String resolved =
        LineProtocol.incident(
            new IncidentPoint(
                at,
                Map.of("event", "RESOLVED"),
                "i",
                "t",
                "x",
                java.time.Duration.ofMillis(90_500)));
    assertThat(resolved)
        .isEqualTo(
            "incident,event=RESOLVED duration_s=90.5,id=\"i\",text=\"x\",title=\"t\" "
                + at.toEpochMilli());
  }

  @Test
  void incidentTag_cannotTakeAFieldName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new IncidentPoint(at, Map.of("title", "x"), "i", "t", "x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
