package org.vigie.reports;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.School;
import org.vigie.inventory.SchoolCalendar;
import org.vigie.inventory.TimeRange;
import org.vigie.probe.link.LinkProfile;
import org.vigie.probe.link.LinkProfiles;
import org.vigie.reports.internal.Segments;
import org.vigie.reports.internal.Segments.Segment;

/**
 * Computes the monthly reports from the availability ledger, the incidents, the school calendar,
 * the inventory and the link-quality source. Months are calendar months in Europe/Paris.
 *
 * <p>Per school: the link (ledger subject: the school id), the server(s) and the access points
 * (device subjects), the backup checks (check subjects, counted in days). UNKNOWN and MAINTENANCE
 * count neither up nor down. Every subject is read once, over the month and the month before (for
 * the comparison).
 */
public final class ReportGenerator {
  /** Months and days of the reports are those of the schools. */
  public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static final String BACKUP = "backup";

  private final LedgerReader ledger;
  private final IncidentSource incidents;
  private final SchoolCalendar calendar;
  private final Inventory inventory;
  private final LinkQualitySource quality;
  private final Clock clock;

  public ReportGenerator(
      LedgerReader ledger,
      IncidentSource incidents,
      SchoolCalendar calendar,
      Inventory inventory,
      LinkQualitySource quality,
      Clock clock) {
    this.ledger = ledger;
    this.incidents = incidents;
    this.calendar = calendar;
    this.inventory = inventory;
    this.quality = quality;
    this.clock = clock;
  }

  /** {@code [first day 00:00, first day of next month 00:00)} in Europe/Paris. */
  public static TimeRange range(YearMonth month) {
    return new TimeRange(
        month.atDay(1).atStartOfDay(PARIS).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(PARIS).toInstant());
  }

  /**
   * Every commune in {@code communeIds} (all of the inventory when empty), one after another (each
   * commune's reads run in parallel), then the DSI summary.
   */
  public Future<DsiSummary> month(
      YearMonth month, Collection<String> communeIds, ReportProgress progress) {
    List<String> ids =
        communeIds.isEmpty()
            ? inventory.communes().stream().map(Commune::id).toList()
            : List.copyOf(communeIds);
    List<CommuneReport> done = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain =
          chain.compose(
              v ->
                  commune(id, month)
                      .map(
                          r -> {
                            done.add(r);
                            progress.communeDone(id, done.size(), ids.size());
                            return null;
                          }));
    }
    return chain.map(v -> new DsiSummary(month, done));
  }

  /** One commune's report for {@code month}. */
  public Future<CommuneReport> commune(String communeId, YearMonth month) {
    Commune commune =
        inventory
            .commune(communeId)
            .orElseThrow(() -> new IllegalArgumentException("no commune " + communeId));
    Instant now = clock.instant();
    TimeRange cur = range(month);
    TimeRange prev = range(month.minusMonths(1));
    List<School> schools = inventory.schoolsOf(communeId);
    Map<String, Subjects> subjects = new HashMap<>();
    Set<String> all = new LinkedHashSet<>();
    List<String> workstations = new ArrayList<>();
    int[] unmonitored = {0};
    for (School s : schools) {
      Subjects sub = subjectsOf(s);
      subjects.put(s.id(), sub);
      all.addAll(sub.all());
      inventory.devicesOf(s.id()).stream()
          .filter(d -> d.kind() == DeviceKind.WORKSTATION)
          .forEach(
              d -> {
                if (d.checks().isEmpty()) {
                  unmonitored[0]++;
                } else {
                  workstations.add(AvailabilityLedger.subject(d));
                }
              });
    }
    // Reads complete on the store's worker threads when called from outside a Vert.x context.
    Map<String, List<LedgerInterval>> intervals = new ConcurrentHashMap<>();
    List<Future<?>> reads = new ArrayList<>();
    for (String subject : all) {
      reads.add(
          ledger
              .intervals(subject, prev.start(), cur.end())
              .onSuccess(list -> intervals.put(subject, list)));
    }
    Future<List<IncidentLine>> inc = incidents.incidents(communeId, prev.start(), cur.end());
    Future<Map<String, LinkStats>> stats =
        quality.linkStats(schools.stream().map(School::id).toList(), cur.start(), cur.end());
    Future<Set<String>> ws = ledger.answered(workstations, cur.start(), cur.end());
    reads.add(inc);
    reads.add(stats);
    reads.add(ws);
    return Future.all(reads)
        .map(
            v -> {
              List<SchoolReport> reports = new ArrayList<>();
              List<SchoolReport> before = new ArrayList<>();
              for (School s : schools) {
                Subjects sub = subjects.get(s.id());
                List<IncidentLine> mine =
                    inc.result().stream().filter(i -> s.id().equals(i.schoolId())).toList();
                reports.add(school(s, sub, intervals, cur, now, mine, stats.result().get(s.id())));
                before.add(school(s, sub, intervals, prev, now, mine, null));
              }
              int answered = ws.result().size();
              int aps = reports.stream().mapToInt(SchoolReport::accessPoints).sum();
              Billing billing =
                  new Billing(
                      answered + unmonitored[0],
                      workstations.size() + unmonitored[0],
                      unmonitored[0],
                      aps,
                      schools.size(),
                      inventory.tariff());
              return new CommuneReport(
                  commune, month, reports, summary(reports), summary(before), billing, now);
            });
  }

  private static CommuneSummary summary(List<SchoolReport> schools) {
    Measure link = Measure.ZERO;
    Measure server = Measure.ZERO;
    Measure wifi = Measure.ZERO;
    Backups backups = Backups.ZERO;
    int incidents = 0;
    for (SchoolReport s : schools) {
      link = link.plus(s.link());
      server = server.plus(s.server());
      wifi = wifi.plus(s.wifi());
      backups = backups.plus(s.backups());
      incidents += s.incidents().size();
    }
    return new CommuneSummary(link, server, wifi, backups, incidents, link.schoolHours().down());
  }

  private SchoolReport school(
      School school,
      Subjects sub,
      Map<String, List<LedgerInterval>> intervals,
      TimeRange month,
      Instant now,
      List<IncidentLine> allIncidents,
      LinkStats stats) {
    Instant from = month.start();
    Instant to = month.end();
    List<TimeRange> open = calendar.openPeriods(school.id(), month);
    List<Window> outages = new ArrayList<>();
    List<Window> maintenance = new ArrayList<>();
    List<Window> gaps = new ArrayList<>();
    List<Duration> restores = new ArrayList<>();
    SortedMap<LocalDate, Duration> linkByDay = new TreeMap<>();
    SortedMap<LocalDate, Duration> serverByDay = new TreeMap<>();

    Measure link = Measure.ZERO;
    for (String subject : List.of(sub.link())) {
      link =
          link.plus(
              measure(
                  "link",
                  subject,
                  intervals,
                  month,
                  now,
                  open,
                  outages,
                  maintenance,
                  gaps,
                  restores,
                  linkByDay));
    }
    Measure server = Measure.ZERO;
    for (String subject : sub.servers()) {
      server =
          server.plus(
              measure(
                  "server",
                  subject,
                  intervals,
                  month,
                  now,
                  open,
                  outages,
                  maintenance,
                  gaps,
                  restores,
                  serverByDay));
    }
    Measure wifi = Measure.ZERO;
    for (String subject : sub.accessPoints()) {
      wifi =
          wifi.plus(
              measure(
                  "wifi",
                  subject,
                  intervals,
                  month,
                  now,
                  open,
                  null,
                  maintenance,
                  null,
                  null,
                  null));
    }
    Backups backups = Backups.ZERO;
    for (String subject : sub.backups()) {
      backups = backups.plus(backups(intervals.getOrDefault(subject, List.of()), month, now, open));
    }
    List<IncidentLine> incidents =
        allIncidents.stream()
            .filter(i -> i.start().isBefore(to) && (i.end() == null || i.end().isAfter(from)))
            .toList();
    Restore restore = Restore.NONE;
    if (!restores.isEmpty()) {
      Duration sum = restores.stream().reduce(Duration.ZERO, Duration::plus);
      Duration worst = restores.stream().max(Duration::compareTo).orElseThrow();
      restore = new Restore(restores.size(), sum.dividedBy(restores.size()), worst);
    }
    LinkProfile profile =
        school.link() == null || school.link().type() == null
            ? null
            : LinkProfiles.of(school.link().type());
    LinkStats st = stats == null ? LinkStats.NONE : stats;
    LinkQuality q =
        new LinkQuality(
            st.samples(),
            st.medianRtt(),
            st.p95Rtt(),
            st.loss(),
            profile == null ? Duration.ZERO : profile.maxRtt(),
            profile == null ? 0 : profile.maxLoss(),
            st.series());
    outages.sort(java.util.Comparator.comparing(Window::start));
    maintenance.sort(java.util.Comparator.comparing(Window::start));
    gaps.sort(java.util.Comparator.comparing(Window::start));
    return new SchoolReport(
        school,
        link,
        server,
        wifi,
        backups,
        incidents,
        restore,
        q,
        outages,
        maintenance,
        gaps,
        sub.servers().size(),
        sub.accessPoints().size(),
        linkByDay,
        serverByDay);
  }

  private static Measure measure(
      String what,
      String subject,
      Map<String, List<LedgerInterval>> intervals,
      TimeRange month,
      Instant now,
      List<TimeRange> open,
      List<Window> outages,
      List<Window> maintenance,
      List<Window> gaps,
      List<Duration> restores,
      SortedMap<LocalDate, Duration> downByDay) {
    List<LedgerInterval> list = intervals.getOrDefault(subject, List.of());
    Instant from = month.start();
    Instant to = month.end();
    List<Segment> segments = Segments.of(list, from, to, now);
    for (Segment s : segments) {
      Duration school = Segments.overlap(s.start(), s.end(), open);
      switch (s.state()) {
        case DOWN -> {
          if (outages != null) {
            outages.add(new Window(subject, what, s.start(), s.end(), school, s.cause()));
          }
          if (downByDay != null) {
            for (TimeRange r : open) {
              Duration d = Segments.overlap(s.start(), s.end(), List.of(r));
              if (d.isPositive()) {
                downByDay.merge(r.start().atZone(PARIS).toLocalDate(), d, Duration::plus);
              }
            }
          }
        }
        case MAINTENANCE ->
            maintenance.add(new Window(subject, what, s.start(), s.end(), school, s.cause()));
        case UNKNOWN -> {
          if (gaps != null && s.start().isBefore(now)) {
            Instant end = s.end().isAfter(now) ? now : s.end();
            gaps.add(
                new Window(
                    subject,
                    what,
                    s.start(),
                    end,
                    Segments.overlap(s.start(), end, open),
                    s.cause()));
          }
        }
        default -> {}
      }
    }
    if (restores != null) {
      for (LedgerInterval i : list) {
        if (i.state() == CheckState.DOWN
            && i.end() != null
            && !i.end().isBefore(from)
            && i.end().isBefore(to)
            && !i.end().equals(from)) {
          restores.add(Duration.between(i.start(), i.end()));
        }
      }
    }
    return new Measure(
        Segments.figure(segments, from, to, open, false),
        Segments.figure(segments, from, to, open, true));
  }

  /**
   * A day has a fresh backup when the backup check was UP (or DEGRADED) at some point of that local
   * day; judged when it had any verdict (UP, DEGRADED or DOWN); otherwise unknown.
   */
  private static Backups backups(
      List<LedgerInterval> list, TimeRange month, Instant now, List<TimeRange> open) {
    List<Segment> segments = Segments.of(list, month.start(), month.end(), now);
    int fresh = 0;
    int judged = 0;
    int unknown = 0;
    int sFresh = 0;
    int sJudged = 0;
    int sUnknown = 0;
    LocalDate first = month.start().atZone(PARIS).toLocalDate();
    LocalDate end = month.end().atZone(PARIS).toLocalDate();
    for (LocalDate day = first; day.isBefore(end); day = day.plusDays(1)) {
      Instant a = day.atStartOfDay(PARIS).toInstant();
      Instant b = day.plusDays(1).atStartOfDay(PARIS).toInstant();
      if (!a.isBefore(now)) {
        break; // days still to come are not counted at all
      }
      boolean isFresh = false;
      boolean isJudged = false;
      for (Segment s : segments) {
        if (s.start().isBefore(b) && s.end().isAfter(a)) {
          CheckState st = s.state();
          isFresh |= st == CheckState.UP || st == CheckState.DEGRADED;
          isJudged |= st == CheckState.UP || st == CheckState.DEGRADED || st == CheckState.DOWN;
        }
      }
      boolean schoolDay = Segments.overlap(a, b, open).isPositive();
      if (isJudged) {
        judged++;
        fresh += isFresh ? 1 : 0;
        if (schoolDay) {
          sJudged++;
          sFresh += isFresh ? 1 : 0;
        }
      } else {
        unknown++;
        sUnknown += schoolDay ? 1 : 0;
      }
    }
    return new Backups(
        new DayCount(fresh, judged, unknown), new DayCount(sFresh, sJudged, sUnknown));
  }

  private Subjects subjectsOf(School school) {
    List<String> servers = new ArrayList<>();
    List<String> aps = new ArrayList<>();
    List<String> backups = new ArrayList<>();
    for (Device d : inventory.devicesOf(school.id())) {
      if (d.kind() == DeviceKind.SERVER) {
        servers.add(AvailabilityLedger.subject(d));
      } else if (d.kind() == DeviceKind.ACCESS_POINT) {
        aps.add(AvailabilityLedger.subject(d));
      }
      for (CheckSpec spec : d.checks()) {
        if (BACKUP.equals(spec.kind())) {
          backups.add(d.key() + "/" + spec.name());
        }
      }
    }
    return new Subjects(AvailabilityLedger.linkSubject(school), servers, aps, backups);
  }

  private record Subjects(
      String link, List<String> servers, List<String> accessPoints, List<String> backups) {
    Set<String> all() {
      Set<String> s = new LinkedHashSet<>();
      s.add(link);
      s.addAll(servers);
      s.addAll(accessPoints);
      s.addAll(backups);
      return s;
    }
  }
}
