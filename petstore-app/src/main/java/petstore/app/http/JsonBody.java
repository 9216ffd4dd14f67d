package petstore.app.http;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A request's JSON object read field by field. Every field's problem is collected, so a client learns
 * about all of them at once; {@link #check()} throws them as one 400.
 */
public final class JsonBody {
  private final JsonNode node;
  private final List<Problem.FieldError> errors = new ArrayList<>();

  public JsonBody(JsonNode node) {
    if (node == null || !node.isObject()) throw Problem.badRequest("body", "must be a JSON object");
    this.node = node;
  }

  public String text(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      errors.add(new Problem.FieldError(field, "is required"));
      return null;
    }
    if (!value.isString()) {
      errors.add(new Problem.FieldError(field, "must be a string"));
      return null;
    }
    return storable(field, value.asString());
  }

  public String optionalText(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isString()) {
      errors.add(new Problem.FieldError(field, "must be a string"));
      return null;
    }
    return storable(field, value.asString());
  }

  // The log must hold what was decided, and the stores cannot keep these as sent: SQLite turns an unpaired
  // surrogate into '?', PostgreSQL text refuses U+0000. So such text is refused here, before any decision.
  private String storable(String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (c == 0 || (Character.isSurrogate(c) && !paired)) {
        errors.add(new Problem.FieldError(field, "must be Unicode text without NUL characters"));
        return null;
      }
      if (paired) i++;
    }
    return text;
  }

  public Integer integer(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      errors.add(new Problem.FieldError(field, "is required"));
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      errors.add(new Problem.FieldError(field, "must be a whole number"));
      return null;
    }
    return value.asInt();
  }

  public UUID id(String field) {
    String text = text(field);
    if (text == null) return null;
    try {
      if (text.length() != 36) throw new IllegalArgumentException();
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      errors.add(new Problem.FieldError(field, "must be a UUID"));
      return null;
    }
  }

  public void reject(String field, String message) {
    errors.add(new Problem.FieldError(field, message));
  }

  /** Adds a problem found by other rules (the domain's), unless the body already put that field at fault. */
  public void rejectUnlessReported(String field, String message) {
    if (errors.stream().noneMatch(e -> e.field().equals(field))) errors.add(new Problem.FieldError(field, message));
  }

  /** @throws Problem a 400 listing every field at fault, if any is */
  public void check() {
    if (!errors.isEmpty()) throw Problem.badRequest(errors);
  }
}
