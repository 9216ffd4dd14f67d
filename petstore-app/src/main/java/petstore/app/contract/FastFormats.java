package petstore.app.contract;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;

/**
 * The two formats on every message, uuid and date-time, checked in a few nanoseconds instead of by a
 * regular expression and java.time's parser: most of a message's validation time went there. Each check
 * only vouches for the plain, common shape (36 hex-and-hyphen characters; {@code 2026-03-13T10:00:00.123Z}
 * with a real date and time) and hands anything else to networknt's own format, so the verdict is always
 * networknt's: a string this accepts is one networknt accepts too (ContractFormatsTest holds that).
 */
final class FastFormats {
  private FastFormats() {}

  static Format uuid(Format networknt) {
    return new Faster(networknt, FastFormats::plainUuid);
  }

  static Format dateTime(Format networknt) {
    return new Faster(networknt, FastFormats::plainDateTime);
  }

  private record Faster(Format networknt, java.util.function.Predicate<String> plain) implements Format {
    @Override
    public String getName() {
      return networknt.getName();
    }

    @Override
    public String getMessageKey() {
      return networknt.getMessageKey();
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
      return plain.test(value) || networknt.matches(context, value);
    }
  }

  /** 8-4-4-4-12 hexadecimal digits, any version and variant, as the uuid format says. */
  static boolean plainUuid(String s) {
    if (s.length() != 36) return false;
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return false;
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of 1 to 9 digits, then {@code Z} or {@code ±HH:MM}:
   * the RFC 3339 date-times this system writes (Instant.toString) and most others do. A leap second, a
   * lower-case t or z, a year before 1000 or any other shape is left to networknt.
   */
  static boolean plainDateTime(String s) {
    int n = s.length();
    if (n < 20) return false;
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') return false;
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
    int i = 19;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
      int fraction = i - start;
      if (fraction < 1 || fraction > 9) return false;
    }
    if (i == n - 1) return s.charAt(i) == 'Z';
    if (i != n - 6) return false;
    char sign = s.charAt(i);
    if ((sign != '+' && sign != '-') || s.charAt(i + 3) != ':') return false;
    int offsetHour = digits(s, i + 1, 2);
    int offsetMinute = digits(s, i + 4, 2);
    return offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59;
  }

  /** The decimal number in s[from, from + count), or -1 when a character there is not a digit. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
