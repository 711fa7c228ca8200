package org.vigie.reports;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** The DSI's view of a month: every commune reported, and the totals. */
public record DsiSummary(YearMonth month, List<CommuneReport> communes) {
  public DsiSummary {
    communes = List.copyOf(communes);
  }

  public int schools() {
    return communes.stream().mapToInt(c -> c.billing().schools()).sum();
  }

  public int workstations() {
    return communes.stream().mapToInt(c -> c.billing().workstations()).sum();
  }

  public int accessPoints() {
    return communes.stream().mapToInt(c -> c.billing().accessPoints()).sum();
  }

  public BigDecimal invoices() {
    return communes.stream()
        .map(c -> c.billing().invoice())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Every commune's links added up. */
  public Measure link() {
    return communes.stream().map(c -> c.summary().link()).reduce(Measure.ZERO, Measure::plus);
  }

  public int incidents() {
    return communes.stream().mapToInt(c -> c.summary().incidents()).sum();
  }
}
