package org.vigie.reports.internal;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.ResourceBundle;
import java.util.SortedMap;
import org.vigie.reports.ReportGenerator;
import org.vigie.reports.ReportLanguage;
import org.vigie.reports.SchoolReport;

/**
 * The words and number formats of one report language (bundle {@code org.vigie.reports.messages}).
 */
public final class Texts {
  private final ResourceBundle bundle;
  private final Locale locale;
  private final DateTimeFormatter dayMonth;
  private final DateTimeFormatter dateTime;
  private final DateTimeFormatter monthYear;

  public Texts(ReportLanguage language) {
    this.locale = language.locale();
    this.bundle =
        ResourceBundle.getBundle(
            "org.vigie.reports.messages",
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    this.dayMonth = DateTimeFormatter.ofPattern("d MMMM", locale);
    this.dateTime = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss", locale);
    this.monthYear = DateTimeFormatter.ofPattern("MMMM yyyy", locale);
  }

  public Locale locale() {
    return locale;
  }

  public String get(String key) {
    return bundle.getString(key);
  }

  public String get(String key, Object... args) {
    return new MessageFormat(bundle.getString(key), locale).format(args);
  }

  /** {@code 99,954 %}; the "not applicable" dash when empty. */
  public String percent(OptionalDouble ratio) {
    return ratio.isEmpty() ? get("na") : number(ratio.getAsDouble() * 100, 3) + " %";
  }

  /** A plain number with {@code decimals} places and the locale's decimal separator. */
  public String number(double value, int decimals) {
    DecimalFormat f =
        new DecimalFormat(
            decimals == 0 ? "0" : "0." + "0".repeat(decimals),
            DecimalFormatSymbols.getInstance(locale));
    return f.format(value);
  }

  /** Parses what {@link #number} wrote. */
  public double parseNumber(String text) {
    try {
      return new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(locale))
          .parse(text)
          .doubleValue();
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("not a number: " + text, e);
    }
  }

  /** {@code 1 234,00 €} style amount. */
  public String money(BigDecimal amount) {
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(locale);
    if (symbols.getGroupingSeparator() == '\u202f') {
      // French groups with a narrow no-break space, which PDF's standard fonts lack: use the
      // ordinary no-break space.
      symbols.setGroupingSeparator('\u00a0');
    }
    DecimalFormat f = new DecimalFormat("#,##0.00", symbols);
    return f.format(amount) + "\u00a0€";
  }

  /** {@code 2 h 10 min}, {@code 45 min}, {@code 30 s}, {@code 0 s}. */
  public String duration(Duration d) {
    long s = d.toSeconds();
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return h + " h " + String.format("%02d", m) + " min";
    }
    if (m > 0) {
      return m + " min" + (sec > 0 ? " " + String.format("%02d", sec) + " s" : "");
    }
    return sec + " s";
  }

  public String dateTime(Instant t) {
    return t == null ? get("incident.open") : dateTime.format(t.atZone(ReportGenerator.PARIS));
  }

  public String month(YearMonth m) {
    return monthYear.format(m.atDay(1));
  }

  /**
   * The school in a sentence, with its preposition: "de l'école Jules Ferry", "du groupe scolaire
   * Condorcet" (a name that already says "École …" or "Groupe scolaire …" is not said twice).
   */
  public String school(String name) {
    String n = name.strip();
    String lower = n.toLowerCase(Locale.ROOT);
    if (lower.startsWith("groupe scolaire ")) {
      return get("sentence.group", n.substring("groupe scolaire ".length()));
    }
    if (locale.getLanguage().equals("fr")
        && (lower.startsWith("école ") || lower.startsWith("ecole "))) {
      n = n.substring(n.indexOf(' ') + 1);
    }
    return get("sentence.school", n);
  }

  /** The short sentence a mayor reads about one school. */
  public List<String> sentences(SchoolReport s) {
    List<String> out = new ArrayList<>();
    String who = school(s.school().name());
    sentence(out, "sentence.link", who, s.linkDownByDay());
    sentence(out, "sentence.server", who, s.serverDownByDay());
    if (out.isEmpty()) {
      out.add(get("sentence.ok", who));
    }
    return out;
  }

  private void sentence(
      List<String> out, String key, String who, SortedMap<LocalDate, Duration> byDay) {
    if (byDay.isEmpty()) {
      return;
    }
    Duration total = byDay.values().stream().reduce(Duration.ZERO, Duration::plus);
    if (byDay.size() == 1) {
      out.add(get(key + ".one", who, duration(total), dayMonth.format(byDay.firstKey())));
    } else {
      out.add(
          get(
              key + ".many",
              who,
              duration(total),
              byDay.size(),
              days(List.copyOf(byDay.keySet()))));
    }
  }

  /** "14, 18 et 20 novembre" (days of one month). */
  private String days(List<LocalDate> days) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < days.size(); i++) {
      if (i > 0) {
        b.append(i == days.size() - 1 ? " " + get("and") + " " : ", ");
      }
      b.append(i == days.size() - 1 ? dayMonth.format(days.get(i)) : days.get(i).getDayOfMonth());
    }
    return b.toString();
  }
}
