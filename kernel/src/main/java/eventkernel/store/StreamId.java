package eventkernel.store;

/** A stream's name: 1–200 characters of letters, digits and {@code - _ . : @}. */
public record StreamId(String value) {
  public StreamId {
    if (!allowed(value)) {
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

  /**
   * The check by hand rather than by a regex: every event read back from a store makes a StreamId, and
   * in a projection rebuild a pattern match was a sixth of the reader's CPU.
   */
  private static boolean allowed(String value) {
    if (value == null || value.isEmpty() || value.length() > 200) return false;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
          || ch == '_' || ch == '.' || ch == ':' || ch == '@' || ch == '-';
      if (!ok) return false;
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  @Override
  public String toString() {
    return value;
  }
}
