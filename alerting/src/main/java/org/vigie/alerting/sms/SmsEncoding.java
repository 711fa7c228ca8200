package org.vigie.alerting.sms;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a text travels as SMS: the GSM 03.38 default alphabet (7-bit septets, extension characters
 * such as {@code €} or {@code [} cost two) when every character is in it, UCS-2 otherwise; and how
 * many segments that makes: 160 septets or 70 UCS-2 units in a single message, 153 or 67 per part
 * of a concatenated one (the 6-octet user data header takes the rest). Parts never split an escape
 * sequence or a surrogate pair.
 *
 * <p>With transliteration on, French characters outside the GSM alphabet ({@code ê}, {@code ç},
 * {@code œ}, typographic quotes, non-breaking spaces...) are replaced by their closest GSM
 * equivalent, so a French alert stays at 160 characters per segment instead of 70; a text that
 * would still need UCS-2 afterwards (an emoji) is sent unchanged.
 */
public final class SmsEncoding {
  /** Septets in a single GSM-7 message. */
  public static final int GSM7_SINGLE = 160;

  /** Septets per part of a concatenated GSM-7 message. */
  public static final int GSM7_PART = 153;

  /** UTF-16 units in a single UCS-2 message. */
  public static final int UCS2_SINGLE = 70;

  /** UTF-16 units per part of a concatenated UCS-2 message. */
  public static final int UCS2_PART = 67;

  private static final char ESCAPE = 0x1B;

  // GSM 03.38 default alphabet, by code (0x1B is the escape to the extension table).
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  // GSM 03.38 extension table: character -> code after the escape.
  private static final Map<Character, Integer> EXTENSION =
      Map.of(
          '\f', 0x0A, '^', 0x14, '{', 0x28, '}', 0x29, '\\', 0x2F, '[', 0x3C, '~', 0x3D, ']', 0x3E,
          '|', 0x40, '€', 0x65);

  private static final Map<Character, Integer> BASIC_CODES = new HashMap<>();

  static {
    if (BASIC.length() != 128) {
      throw new AssertionError("GSM table has " + BASIC.length() + " entries");
    }
    for (int i = 0; i < BASIC.length(); i++) {
      if (i != ESCAPE) {
        BASIC_CODES.put(BASIC.charAt(i), i);
      }
    }
  }

  // French (and common typographic) characters outside GSM-7, with their closest GSM spelling.
  private static final Map<Character, String> FRENCH =
      Map.ofEntries(
          Map.entry('â', "a"),
          Map.entry('À', "A"),
          Map.entry('Â', "A"),
          Map.entry('ç', "Ç"),
          Map.entry('ê', "e"),
          Map.entry('ë', "e"),
          Map.entry('È', "E"),
          Map.entry('Ê', "E"),
          Map.entry('Ë', "E"),
          Map.entry('î', "i"),
          Map.entry('ï', "i"),
          Map.entry('Î', "I"),
          Map.entry('Ï', "I"),
          Map.entry('ô', "o"),
          Map.entry('Ô', "O"),
          Map.entry('û', "u"),
          Map.entry('Û', "U"),
          Map.entry('Ù', "U"),
          Map.entry('ÿ', "y"),
          Map.entry('Ÿ', "Y"),
          Map.entry('œ', "oe"),
          Map.entry('Œ', "OE"),
          Map.entry('«', "\""),
          Map.entry('»', "\""),
          Map.entry('“', "\""),
          Map.entry('”', "\""),
          Map.entry('‘', "'"),
          Map.entry('’', "'"),
          Map.entry('–', "-"),
          Map.entry('—', "-"),
          Map.entry('…', "..."),
          Map.entry('\u00A0', " "),
          Map.entry('\u202F', " "),
          Map.entry('\t', " "));

  /** The alphabet a message is sent in. */
  public enum Alphabet {
    /** GSM 03.38 default alphabet: SMPP data_coding 0, OVH coding "7bit". */
    GSM7,
    /** UCS-2 (UTF-16BE): SMPP data_coding 8, OVH coding "8bit". */
    UCS2
  }

  /**
   * A text ready to send.
   *
   * @param text the text as sent (transliterated if that kept it in GSM-7)
   * @param units septets (GSM-7, extension characters count two) or UTF-16 units (UCS-2)
   * @param parts the text of each segment, in order; one element for a single message
   */
  public record Encoded(Alphabet alphabet, String text, int units, List<String> parts) {
    public Encoded {
      parts = List.copyOf(parts);
    }

    /** How many SMS this costs. */
    public int segments() {
      return parts.size();
    }
  }

  private final boolean transliterate;

  /**
   * @param transliterate replace French characters outside GSM-7 when that keeps the text GSM-7
   */
  public SmsEncoding(boolean transliterate) {
    this.transliterate = transliterate;
  }

  /** Chooses the alphabet and splits {@code text} into segments. */
  public Encoded encode(String text) {
    String sent = text;
    if (!isGsm7(text) && transliterate) {
      String t = transliterate(text);
      if (isGsm7(t)) {
        sent = t;
      }
    }
    if (isGsm7(sent)) {
      int units = gsm7Septets(sent);
      List<String> parts =
          units <= GSM7_SINGLE ? List.of(sent) : split(sent, GSM7_PART, Alphabet.GSM7);
      return new Encoded(Alphabet.GSM7, sent, units, parts);
    }
    int units = sent.length();
    List<String> parts =
        units <= UCS2_SINGLE ? List.of(sent) : split(sent, UCS2_PART, Alphabet.UCS2);
    return new Encoded(Alphabet.UCS2, sent, units, parts);
  }

  /** Whether every character of {@code text} is in the GSM 03.38 alphabet or its extension. */
  public static boolean isGsm7(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!BASIC_CODES.containsKey(c) && !EXTENSION.containsKey(c)) {
        return false;
      }
    }
    return true;
  }

  /** Septets {@code text} takes in GSM-7 (extension characters count two). */
  public static int gsm7Septets(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      n += septets(text.charAt(i));
    }
    return n;
  }

  /**
   * The GSM-7 codes of {@code text}, one per octet (unpacked), as SMPP carries data_coding 0.
   *
   * @throws IllegalArgumentException if a character is not in the GSM alphabet
   */
  public static byte[] toGsm7(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      Integer basic = BASIC_CODES.get(c);
      if (basic != null) {
        out.write(basic);
        continue;
      }
      Integer ext = EXTENSION.get(c);
      if (ext == null) {
        throw new IllegalArgumentException("not in the GSM 03.38 alphabet: U+" + hex(c));
      }
      out.write(ESCAPE);
      out.write(ext);
    }
    return out.toByteArray();
  }

  /** Decodes unpacked GSM-7 codes (the inverse of {@link #toGsm7}). */
  public static String fromGsm7(byte[] codes) {
    StringBuilder sb = new StringBuilder(codes.length);
    for (int i = 0; i < codes.length; i++) {
      int code = codes[i] & 0x7F;
      if (code == ESCAPE && i + 1 < codes.length) {
        int ext = codes[++i] & 0x7F;
        EXTENSION.entrySet().stream()
            .filter(e -> e.getValue() == ext)
            .findFirst()
            .ifPresentOrElse(e -> sb.append(e.getKey()), () -> sb.append(' '));
      } else {
        sb.append(BASIC.charAt(code));
      }
    }
    return sb.toString();
  }

  /** Replaces French characters outside GSM-7 by their closest GSM spelling; others stay. */
  public static String transliterate(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String r = BASIC_CODES.containsKey(c) || EXTENSION.containsKey(c) ? null : FRENCH.get(c);
      if (r == null) {
        sb.append(c);
      } else {
        sb.append(r);
      }
    }
    return sb.toString();
  }

  private static int septets(char c) {
    return EXTENSION.containsKey(c) ? 2 : 1;
  }

  private static List<String> split(String text, int perPart, Alphabet alphabet) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    int used = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      // A character's width: an escape pair in GSM-7, a surrogate pair in UCS-2 stay whole.
      int chars = alphabet == Alphabet.UCS2 && Character.isHighSurrogate(c) ? 2 : 1;
      int width = alphabet == Alphabet.GSM7 ? septets(c) : chars;
      if (used + width > perPart) {
        parts.add(text.substring(start, i));
        start = i;
        used = 0;
      }
      used += width;
      i += chars;
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }
}
