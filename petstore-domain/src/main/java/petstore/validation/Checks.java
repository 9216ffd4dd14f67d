package petstore.validation;

import java.util.ArrayList;
import java.util.List;

// Collects every field error of one command, so none hides behind the first.
public final class Checks {
  private final List<FieldError> errors = new ArrayList<>();

  // Counted in code points after stripping: what a person sees, not UTF-16 units.
  public Checks text(String field, String value, int max) {
    if (value == null) return fail(field, "is required");
    String stripped = value.strip();
    if (stripped.isEmpty()) return fail(field, "must not be blank");
    if (stripped.codePointCount(0, stripped.length()) > max) return fail(field, "must be at most " + max + " characters");
    return this;
  }

  public Checks range(String field, int value, int min, int max) {
    return value < min || value > max ? fail(field, "must be between " + min + " and " + max) : this;
  }

  public Checks that(boolean holds, String field, String reason) {
    return holds ? this : fail(field, reason);
  }

  public Checks fail(String field, String reason) {
    errors.add(new FieldError(field, reason));
    return this;
  }

  public boolean failed() {
    return !errors.isEmpty();
  }

  public List<FieldError> errors() {
    return List.copyOf(errors);
  }
}
