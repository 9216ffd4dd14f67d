package eventkernel.store;

import java.util.regex.Pattern;

/** A stream's name: 1–200 characters of letters, digits and {@code - _ . : @}. */
public record StreamId(String value) {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:@-]{1,200}");

  public StreamId {
    if (value == null || !ALLOWED.matcher(value).matches()) {
      throw new InvalidAppend("invalid stream id " + (value == null ? "null" : "'" + abbreviate(value) + "'")
          + ": 1-200 characters of letters, digits and - _ . : @");
    }
  }

  public static StreamId of(String value) {
    return new StreamId(value);
  }

  /** The stream of one entity: {@code <category>-<id>}. */
  public static StreamId of(String category, Object id) {
    return new StreamId(category + "-" + id);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  @Override
  public String toString() {
    return value;
  }
}
