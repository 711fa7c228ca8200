package org.vigie.alerting.notify.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentEventCodec;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.Severity;
import org.vigie.alerting.notify.NotifySettings;
import org.vigie.alerting.notify.Person;
import org.vigie.alerting.notify.Rota;
import org.vigie.alerting.notify.Route;
import org.vigie.alerting.notify.TimelineDeliverer;
import org.vigie.alerting.notify.internal.Messages.Kind;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.inventory.Contact;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.SchoolCalendar;

/**
 * The notifier's decisions, one JDBC transaction at a time: what an incident event changes in the
 * incident's notification state (table {@code notification}) and which messages it puts in the
 * outbox, in the same transaction, so that a crash either did both or neither. Idempotency keys are
 * {@code <incident id>#<seq>#<channel>#<recipient>} ({@code #webhook} alone for the webhook, which
 * has no recipient; {@code #reminder-<n>}, {@code #escalation-<n>} instead of the seq for what the
 * sweep decides), so a replayed event or a restart never enqueues a message twice. An escalation
 * also enqueues its timeline entry (channel {@link TimelineDeliverer#CHANNEL}, key {@code <incident
 * id>#escalation-<n>#timeline}): the incident stage owns the timeline's sequence numbers, so the
 * entry is handed to it through the outbox rather than written here.
 *
 * <p>Not thread-safe: the verticle runs it from one serial loop.
 */
public final class NotifyEngine {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyEngine.class);

  /** Where an incident stands with respect to notification. */
  enum Phase {
    /** In its school's group wait: goes out with the group. */
    WAITING,
    /** A problem (or flapping) notice went out: a recovery notice is owed to its recipients. */
    NOTIFIED,
    /** Open but not to be told (muted, flapping, acknowledged) and nothing was sent. */
    QUIET,
    /** Resolved, and its recovery (if owed) enqueued. */
    DONE
  }

  private final NotifySettings settings;
  private final Outbox outbox;
  private final SchoolCalendar calendar;
  private final Inventory inventory;
  private final Messages messages;
  private final WebhookNotice webhook;

  public NotifyEngine(
      NotifySettings settings, Outbox outbox, SchoolCalendar calendar, Inventory inventory) {
    this.settings = settings;
    this.outbox = outbox;
    this.calendar = calendar;
    this.inventory = inventory;
    this.messages =
        new Messages(
            settings.locale(),
            settings.grafanaUrl(),
            id -> inventory.school(id).map(s -> s.name()).orElse(id));
    this.webhook = new WebhookNotice(inventory, messages);
  }

  /**
   * Applies one event. Returns when the incident's group is due if it now waits in one (for the
   * verticle's timer), else null.
   */
  public Instant handle(Connection c, IncidentEvent e, Instant now) throws SQLException {
    Incident inc = e.incident();
    Row row = load(c, inc.id());
    if (row != null && e.seq() <= row.lastSeq) {
      return null; // a replay: already handled
    }
    Row next = row == null ? Row.fresh(inc, groupKey(inc)) : row.copy();
    next.incident = inc;
    next.lastSeq = e.seq();
    Phase phase = row == null ? null : row.phase;
    switch (e.type()) {
      case FLAPPING -> {
        if (phase != Phase.NOTIFIED) {
          // Flapping before anything went out: its notice is the first; a recovery is then owed.
          Recipients r = route(inc, now);
          next.recipients = r.toJson();
          next.thread = inc.id() + "#" + e.seq();
          next.notBeforeMs = notBefore(List.of(inc), now).toEpochMilli();
          next.phase = Phase.NOTIFIED;
          next.dueMs = null;
        }
        send(c, next, Kind.FLAPPING, e.seq() + "", now);
        next.repeatMs = null;
        next.escalateMs = null;
      }
      case SETTLED -> {
        if (phase == Phase.NOTIFIED) {
          send(c, next, Kind.SETTLED, e.seq() + "", now);
          if (inc.isResolved()) {
            next.phase = Phase.DONE; // the settled notice says it works: that is the recovery
          } else {
            scheduleFollowUps(next, inc, now);
          }
        } else if (!inc.isResolved()) {
          return openOrQuiet(c, next, phase, inc, now);
        } else {
          next.phase = Phase.DONE;
        }
      }
      default -> {
        if (inc.isResolved()) {
          if (phase == Phase.NOTIFIED && inc.flapping()) {
            // Resolved while flapping: the settled notice will carry the recovery.
            next.repeatMs = null;
            next.escalateMs = null;
          } else if (phase == Phase.NOTIFIED) {
            send(c, next, Kind.RECOVERY, e.seq() + "", now);
            next.phase = Phase.DONE;
          } else {
            next.phase = Phase.DONE; // never told (muted, or recovered within the group wait)
          }
        } else if (phase == Phase.NOTIFIED) {
          if (inc.status() == IncidentStatus.ACKNOWLEDGED) {
            next.repeatMs = null;
            next.escalateMs = null;
          }
        } else {
          return openOrQuiet(c, next, phase, inc, now);
        }
      }
    }
    save(c, next);
    return null;
  }

  private Instant openOrQuiet(Connection c, Row next, Phase phase, Incident inc, Instant now)
      throws SQLException {
    boolean quiet = inc.muted() || inc.flapping() || inc.status() == IncidentStatus.ACKNOWLEDGED;
    if (quiet) {
      next.phase = Phase.QUIET;
      next.dueMs = null;
      save(c, next);
      return null;
    }
    if (phase != Phase.WAITING) {
      next.phase = Phase.WAITING;
      next.dueMs = groupDue(c, next.groupKey, now).toEpochMilli();
    }
    save(c, next);
    return Instant.ofEpochMilli(next.dueMs);
  }

  /** Sends every group whose wait is over. Returns the number of groups sent. */
  public int flushDue(Connection c, Instant now) throws SQLException {
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT * FROM notification WHERE phase = 'WAITING' AND due_ms <= ?"
                + " ORDER BY group_key, due_ms")) {
      ps.setLong(1, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Row r = Row.read(rs);
          groups.computeIfAbsent(r.groupKey, k -> new ArrayList<>()).add(r);
        }
      }
    }
    for (List<Row> group : groups.values()) {
      sendGroup(c, group, now);
    }
    return groups.size();
  }

  private void sendGroup(Connection c, List<Row> group, Instant now) throws SQLException {
    group.sort(Comparator.comparing((Row r) -> r.incident.openedAt()).thenComparing(r -> r.id));
    Row lead = group.get(0);
    String thread = lead.id + "#" + lead.lastSeq;
    List<Incident> incidents = group.stream().map(r -> r.incident).toList();
    Instant notBefore = notBefore(incidents, now);
    // Per recipient, the incidents routed to them: usually all of the group.
    Map<String, List<Incident>> byEmail = new LinkedHashMap<>();
    Map<String, List<Incident>> byPhone = new LinkedHashMap<>();
    List<Incident> toWebhook = new ArrayList<>();
    for (Row r : group) {
      Recipients rec = route(r.incident, now);
      rec.emails.forEach(a -> byEmail.computeIfAbsent(a, k -> new ArrayList<>()).add(r.incident));
      rec.phones.forEach(p -> byPhone.computeIfAbsent(p, k -> new ArrayList<>()).add(r.incident));
      if (rec.webhook) {
        toWebhook.add(r.incident);
      }
      r.recipients = rec.toJson();
      r.thread = thread;
      r.phase = Phase.NOTIFIED;
      r.dueMs = null;
      r.notBeforeMs = notBefore.toEpochMilli();
      scheduleFollowUps(r, r.incident, now);
    }
    if (byEmail.isEmpty() && byPhone.isEmpty() && toWebhook.isEmpty()) {
      LOG.warn("no route matches incident {}: nobody is told", lead.id);
    }
    for (var entry : byEmail.entrySet()) {
      String key = thread + "#email#" + entry.getKey();
      enqueueEmail(
          c, key, entry.getKey(), Kind.PROBLEM, entry.getValue(), null, notBefore, Duration.ZERO);
    }
    for (var entry : byPhone.entrySet()) {
      String key = thread + "#sms#" + entry.getKey();
      enqueueSms(c, key, entry.getKey(), Kind.PROBLEM, entry.getValue(), notBefore);
    }
    if (!toWebhook.isEmpty()) {
      enqueueWebhook(
          c,
          thread + "#webhook",
          Kind.PROBLEM,
          toWebhook,
          now,
          notBefore,
          Duration.ZERO,
          0,
          List.of());
    }
    for (Row r : group) {
      save(c, r);
    }
  }

  /** Reminders and escalations that are due. Returns the number of messages enqueued. */
  public int sweep(Connection c, Instant now) throws SQLException {
    List<Row> due = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT * FROM notification WHERE phase = 'NOTIFIED'"
                + " AND (repeat_ms <= ? OR escalate_ms <= ?)")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(Row.read(rs));
        }
      }
    }
    int sent = 0;
    for (Row r : due) {
      Incident inc = r.incident;
      boolean live = inc.status() == IncidentStatus.OPEN && !inc.muted() && !inc.flapping();
      if (r.repeatMs != null && r.repeatMs <= now.toEpochMilli()) {
        r.repeatMs = now.plus(settings.repeatInterval()).toEpochMilli();
        if (live) {
          r.repeats++;
          sent += send(c, r, Kind.REMINDER, "reminder-" + r.repeats, now);
        }
      }
      if (r.escalateMs != null && r.escalateMs <= now.toEpochMilli()) {
        if (live) {
          sent += escalate(c, r, now);
        } else {
          r.escalateMs = now.plus(settings.escalationDelay()).toEpochMilli();
        }
      }
      save(c, r);
    }
    return sent;
  }

  private int escalate(Connection c, Row r, Instant now) throws SQLException {
    Rota rota = settings.rota();
    r.escalation++;
    String step = "escalation-" + r.escalation;
    Duration waited = Duration.between(Instant.ofEpochMilli(r.notBeforeMs), now);
    List<Incident> one = List.of(r.incident);
    Recipients told = Recipients.fromJson(r.recipients);
    int sent = 0;
    List<Person> reached = new ArrayList<>();
    String how;
    if (r.escalation == 1) {
      // The next person of the rota, by e-mail.
      Optional<Person> next = rota.next(now, 1);
      if (next.isPresent() && next.get().email() != null) {
        String to = next.get().email();
        enqueueEmail(
            c, r.id + "#" + step + "#email#" + to, to, Kind.ESCALATION, one, r, now, waited);
        told.emails.add(to);
        reached.add(next.get());
        sent++;
      }
      r.escalateMs = now.plus(settings.escalationDelay()).toEpochMilli();
      how = "e-mail";
    } else {
      // Then SMS: the person on call and the next one.
      Set<Person> people = new LinkedHashSet<>();
      people.add(rota.onCall(now));
      rota.next(now, 1).ifPresent(people::add);
      for (Person p : people) {
        if (p.phone() != null) {
          enqueueSms(
              c, r.id + "#" + step + "#sms#" + p.phone(), p.phone(), Kind.ESCALATION, one, now);
          told.phones.add(p.phone());
          reached.add(p);
          sent++;
        }
      }
      r.escalateMs = null;
      how = "SMS";
    }
    if (told.webhook) {
      enqueueWebhook(
          c,
          r.id + "#" + step + "#webhook",
          Kind.ESCALATION,
          one,
          now,
          now,
          waited,
          r.escalation,
          reached);
      sent++;
    }
    r.recipients = told.toJson();
    String to = whoWasTold(how, reached);
    outbox.enqueue(
        c,
        r.id + "#" + step + "#" + TimelineDeliverer.CHANNEL,
        TimelineDeliverer.CHANNEL,
        TimelineDeliverer.payload(r.id, r.escalation, to, now),
        now);
    LOG.info("incident {} not acknowledged: escalation step {}, {}", r.id, r.escalation, to);
    return sent;
  }

  /** For the timeline: {@code SMS to Bruno (+336…), Chloé (+336…)}. */
  private static String whoWasTold(String how, List<Person> reached) {
    if (reached.isEmpty()) {
      return "nobody reachable by " + how + " in the rota";
    }
    List<String> names = new ArrayList<>();
    for (Person p : reached) {
      names.add(p.name() + " (" + (how.equals("SMS") ? p.phone() : p.email()) + ")");
    }
    return how + " to " + String.join(", ", names);
  }

  /** Sends {@code kind} about the row's incident to everyone told of its problem. */
  private int send(Connection c, Row r, Kind kind, String step, Instant now) throws SQLException {
    Recipients told = Recipients.fromJson(r.recipients);
    List<Incident> one = List.of(r.incident);
    Instant notBefore =
        switch (kind) {
          // A recovery never overtakes the problem notice that waits for the school to open.
          case RECOVERY, SETTLED ->
              r.notBeforeMs == null || r.notBeforeMs <= now.toEpochMilli()
                  ? now
                  : Instant.ofEpochMilli(r.notBeforeMs);
          default -> notBefore(one, now);
        };
    int n = 0;
    for (String to : told.emails) {
      String key = r.id + "#" + step + "#email#" + to;
      enqueueEmail(c, key, to, kind, one, r, notBefore, Duration.ZERO);
      n++;
    }
    for (String phone : told.phones) {
      enqueueSms(c, r.id + "#" + step + "#sms#" + phone, phone, kind, one, notBefore);
      n++;
    }
    if (told.webhook) {
      enqueueWebhook(
          c,
          r.id + "#" + step + "#webhook",
          kind,
          one,
          now,
          notBefore,
          Duration.ZERO,
          0,
          List.of());
      n++;
    }
    return n;
  }

  private void enqueueWebhook(
      Connection c,
      String key,
      Kind kind,
      List<Incident> incidents,
      Instant now,
      Instant notBefore,
      Duration waited,
      int step,
      List<Person> escalatedTo)
      throws SQLException {
    // The title is the e-mail's subject, so a chat message reads like the e-mail.
    String title = messages.render(kind, incidents, notBefore, waited).subject();
    JsonObject doc = webhook.document(key, kind, title, incidents, now, step, escalatedTo);
    outbox.enqueue(c, key, "webhook", new JsonObject().put("event", doc), notBefore);
  }

  private void enqueueEmail(
      Connection c,
      String key,
      String to,
      Kind kind,
      List<Incident> incidents,
      Row thread,
      Instant notBefore,
      Duration waited)
      throws SQLException {
    Messages.Rendered m = messages.render(kind, incidents, notBefore, waited);
    JsonObject payload =
        new JsonObject()
            .put("to", new JsonArray().add(to))
            .put("subject", m.subject())
            .put("text", m.text())
            .put("html", m.html())
            .put("messageId", messageId(key));
    if (thread != null && thread.thread != null) {
      payload.put("inReplyTo", messageId(thread.thread + "#email#" + to));
    }
    outbox.enqueue(c, key, "email", payload, notBefore);
  }

  private void enqueueSms(
      Connection c, String key, String to, Kind kind, List<Incident> incidents, Instant notBefore)
      throws SQLException {
    JsonObject payload = new JsonObject().put("to", to).put("text", messages.sms(kind, incidents));
    Rota rota = settings.rota();
    if (rota != null) {
      rota.people().stream()
          .filter(p -> to.equals(p.phone()) && p.email() != null)
          .findFirst()
          .ifPresent(p -> payload.put("fallbackEmail", p.email()));
    }
    outbox.enqueue(c, key, "sms", payload, notBefore);
  }

  /** An RFC 5322 Message-ID from an idempotency key: the same key, the same id. */
  public static String messageId(String key) {
    StringBuilder b = new StringBuilder("<");
    for (char ch : key.toCharArray()) {
      boolean atext =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || "!#$%&'*+-/=?^_`{|}~".indexOf(ch) >= 0;
      b.append(atext ? ch : '.');
    }
    return b.append("@vigie>").toString();
  }

  private void scheduleFollowUps(Row r, Incident inc, Instant now) {
    Instant from = Instant.ofEpochMilli(Math.max(now.toEpochMilli(), r.notBeforeMs));
    r.repeatMs =
        settings.repeatInterval().isZero()
            ? null
            : from.plus(settings.repeatInterval()).toEpochMilli();
    boolean escalates =
        settings.rota() != null
            && !settings.escalationDelay().isZero()
            && inc.severity().atLeast(settings.escalationSeverity())
            && r.escalation < 2;
    r.escalateMs = escalates ? from.plus(settings.escalationDelay()).toEpochMilli() : null;
  }

  /**
   * The calendar policy: critical incidents (and those of no single school) go now; the others wait
   * for the school's next opening.
   */
  private Instant notBefore(List<Incident> incidents, Instant now) {
    Incident first = incidents.get(0);
    boolean critical = incidents.stream().anyMatch(i -> i.severity() == Severity.CRITICAL);
    if (critical || first.schoolId() == null || calendar.isOpen(first.schoolId(), now)) {
      return now;
    }
    return calendar.nextOpening(first.schoolId(), now);
  }

  private Instant groupDue(Connection c, String groupKey, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT MIN(due_ms) FROM notification WHERE phase = 'WAITING' AND group_key = ?")) {
      ps.setString(1, groupKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long due = rs.getLong(1);
          if (!rs.wasNull()) {
            return Instant.ofEpochMilli(due);
          }
        }
      }
    }
    return now.plus(settings.groupWait());
  }

  /** Who routing says should hear about {@code inc} now. */
  Recipients route(Incident inc, Instant now) {
    Recipients out = new Recipients();
    var local = now.atZone(Rota.ZONE);
    for (Route route : settings.routes()) {
      if (!route.matches(inc, local)) {
        continue;
      }
      out.emails.addAll(route.emails());
      out.webhook |= route.webhook();
      if (route.communeContacts() && inc.communeId() != null) {
        inventory
            .commune(inc.communeId())
            .ifPresent(
                cm -> {
                  for (Contact ct : cm.contacts()) {
                    if (ct.email() != null) {
                      out.emails.add(ct.email());
                    }
                  }
                });
      }
      if (settings.rota() != null && (route.onCallEmail() || route.onCallSms())) {
        Person p = settings.rota().onCall(now);
        if (route.onCallEmail() && p.email() != null) {
          out.emails.add(p.email());
        }
        if (route.onCallSms() && p.phone() != null) {
          out.phones.add(p.phone());
        }
      }
      if (!route.continueMatching()) {
        break;
      }
    }
    return out;
  }

  private static String groupKey(Incident inc) {
    return inc.schoolId() == null ? inc.fingerprint() : "school:" + inc.schoolId();
  }

  private static Row load(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM notification WHERE incident_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Row.read(rs) : null;
      }
    }
  }

  private static void save(Connection c, Row r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notification (incident_id, group_key, incident, last_seq, phase, due_ms,"
                + " not_before_ms, recipients, thread, repeat_ms, repeats, escalate_ms,"
                + " escalation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (incident_id) DO UPDATE SET incident = excluded.incident,"
                + " last_seq = excluded.last_seq, phase = excluded.phase,"
                + " due_ms = excluded.due_ms, not_before_ms = excluded.not_before_ms,"
                + " recipients = excluded.recipients, thread = excluded.thread,"
                + " repeat_ms = excluded.repeat_ms, repeats = excluded.repeats,"
                + " escalate_ms = excluded.escalate_ms, escalation = excluded.escalation")) {
      ps.setString(1, r.id);
      ps.setString(2, r.groupKey);
      ps.setString(3, IncidentEventCodec.toJson(r.incident).encode());
      ps.setLong(4, r.lastSeq);
      ps.setString(5, r.phase.name());
      setLong(ps, 6, r.dueMs);
      setLong(ps, 7, r.notBeforeMs);
      ps.setString(8, r.recipients == null ? null : r.recipients.encode());
      ps.setString(9, r.thread);
      setLong(ps, 10, r.repeatMs);
      ps.setInt(11, r.repeats);
      setLong(ps, 12, r.escalateMs);
      ps.setInt(13, r.escalation);
      ps.executeUpdate();
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static Long getLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  /**
   * Who is told: e-mail addresses and phone numbers, in order, without duplicates; and whether the
   * webhook is (absent in rows written before routes could name it: false).
   */
  static final class Recipients {
    final Set<String> emails = new LinkedHashSet<>();
    final Set<String> phones = new LinkedHashSet<>();
    boolean webhook;

    JsonObject toJson() {
      return new JsonObject()
          .put("email", new JsonArray(new ArrayList<>(emails)))
          .put("sms", new JsonArray(new ArrayList<>(phones)))
          .put("webhook", webhook);
    }

    static Recipients fromJson(JsonObject j) {
      Recipients r = new Recipients();
      if (j != null) {
        r.webhook = j.getBoolean("webhook", false);
        j.getJsonArray("email", new JsonArray()).forEach(o -> r.emails.add(String.valueOf(o)));
        j.getJsonArray("sms", new JsonArray()).forEach(o -> r.phones.add(String.valueOf(o)));
      }
      return r;
    }
  }

  /** One row of {@code notification}, mutable while a transaction works on it. */
  static final class Row {
    String id;
    String groupKey;
    Incident incident;
    long lastSeq;
    Phase phase;
    Long dueMs;
    Long notBeforeMs;
    JsonObject recipients;
    String thread;
    Long repeatMs;
    int repeats;
    Long escalateMs;
    int escalation;

    static Row fresh(Incident inc, String groupKey) {
      Row r = new Row();
      r.id = inc.id();
      r.groupKey = groupKey;
      r.incident = inc;
      return r;
    }

    Row copy() {
      Row r = new Row();
      r.id = id;
      r.groupKey = groupKey;
      r.incident = incident;
      r.lastSeq = lastSeq;
      r.phase = phase;
      r.dueMs = dueMs;
      r.notBeforeMs = notBeforeMs;
      r.recipients = recipients;
      r.thread = thread;
      r.repeatMs = repeatMs;
      r.repeats = repeats;
      r.escalateMs = escalateMs;
      r.escalation = escalation;
      return r;
    }

    static Row read(ResultSet rs) throws SQLException {
      Row r = new Row();
      r.id = rs.getString("incident_id");
      r.groupKey = rs.getString("group_key");
      r.incident = IncidentEventCodec.fromJsonIncident(new JsonObject(rs.getString("incident")));
      r.lastSeq = rs.getLong("last_seq");
      r.phase = Phase.valueOf(rs.getString("phase"));
      r.dueMs = getLong(rs, "due_ms");
      r.notBeforeMs = getLong(rs, "not_before_ms");
      String rec = rs.getString("recipients");
      r.recipients = rec == null ? null : new JsonObject(rec);
      r.thread = rs.getString("thread");
      r.repeatMs = getLong(rs, "repeat_ms");
      r.repeats = rs.getInt("repeats");
      r.escalateMs = getLong(rs, "escalate_ms");
      r.escalation = rs.getInt("escalation");
      return r;
    }
  }
}
