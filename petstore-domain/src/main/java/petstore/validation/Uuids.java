package petstore.validation;

import java.util.UUID;
import java.util.regex.Pattern;

public final class Uuids {
  // UUID.fromString alone is lenient (it takes "+23e4567-…" or short groups); ids must have one spelling.
  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Uuids() {}

  public static UUID parse(String what, String text) {
    if (text == null || !CANONICAL.matcher(text).matches()) {
      throw new IllegalArgumentException(what + " must be a UUID, got " + quote(text));
    }
    return UUID.fromString(text);
  }

  private static String quote(String text) {
    if (text == null) return "null";
    return "'" + (text.length() <= 40 ? text : text.substring(0, 40) + "…") + "'";
  }
}
