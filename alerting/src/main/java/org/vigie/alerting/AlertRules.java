package org.vigie.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigie.alerting.config.RulesReader;
import org.vigie.inventory.ConfigNode;

/**
 * The alert rules ({@code alerting.rules}: the configuration's own first, then the built-in
 * defaults, first match wins), with the flapping ({@code alerting.flapping}) and upstream ({@code
 * alerting.upstream}) settings. Immutable.
 */
public final class AlertRules {
  private final List<AlertRule> rules;
  private final Flapping flapping;
  private final Upstream upstream;

  public AlertRules(List<AlertRule> rules, Flapping flapping, Upstream upstream) {
    this.rules = List.copyOf(rules);
    this.flapping = flapping;
    this.upstream = upstream;
  }

  /** The built-in rules and settings only. */
  public static AlertRules defaults() {
    return new AlertRules(RulesReader.BUILT_IN, Flapping.DEFAULT, Upstream.DEFAULT);
  }

  /**
   * Reads {@code alerting.rules}, {@code .flapping} and {@code .upstream} from the raw {@code
   * alerting} section; problems are reported into the node's sink (FILE:LINE:COLUMN), defaults used
   * in their place.
   */
  public static AlertRules read(ConfigNode alerting) {
    return RulesReader.read(alerting);
  }

  /** Every rule in match order. */
  public List<AlertRule> rules() {
    return rules;
  }

  /** The first state rule (not a figure rule) for {@code target} matching the attributes. */
  public Optional<AlertRule> match(AlertRule.Target target, Map<String, String> attributes) {
    return rules.stream()
        .filter(r -> r.on() == target && !r.isFigureRule() && r.matches(attributes))
        .findFirst();
  }

  /**
   * Every figure rule matching a check's attributes; of two with the same name only the first (a
   * configured rule hides the built-in one of that name).
   */
  public List<AlertRule> figureRules(Map<String, String> attributes) {
    List<AlertRule> out = new ArrayList<>();
    for (AlertRule r : rules) {
      if (r.isFigureRule()
          && r.matches(attributes)
          && out.stream().noneMatch(o -> o.name().equals(r.name()))) {
        out.add(r);
      }
    }
    return out;
  }

  public Flapping flapping() {
    return flapping;
  }

  public Upstream upstream() {
    return upstream;
  }

  /**
   * Nagios-style flap detection: the weighted share of state changes over the last {@code results}
   * results; flapping above {@code high}, settled again below {@code low}.
   *
   * @param reopenWithin a cause that comes back within this time after its incident resolved
   *     reopens the same incident
   */
  public record Flapping(int results, double high, double low, Duration reopenWithin) {
    public static final Flapping DEFAULT = new Flapping(21, 0.5, 0.25, Duration.ofMinutes(30));
  }

  /**
   * One UPSTREAM incident instead of one per school when, within {@code window}, at least {@code
   * share} of the schools of one provider (or link type) and at least {@code minSchools} of them
   * are cut off.
   *
   * @param byProvider group schools by provider
   * @param byLinkType group schools by link type (after providers)
   */
  public record Upstream(
      double share,
      int minSchools,
      Duration window,
      boolean byProvider,
      boolean byLinkType,
      Severity severity,
      Duration forDuration) {
    public static final Upstream DEFAULT =
        new Upstream(
            0.3, 3, Duration.ofMinutes(3), true, true, Severity.CRITICAL, Duration.ofMinutes(1));

    /** How many schools of a group of {@code size} must be down together. */
    public int threshold(int size) {
      return Math.max(minSchools, (int) Math.ceil(share * size - 1e-9));
    }
  }
}
