package petstore.app.http;

import java.util.List;

/**
 * An RFC 9457 problem: what went wrong in words a client can show, and which fields were at fault.
 * Thrown by handlers; the server writes it as {@code application/problem+json}.
 */
public final class Problem extends RuntimeException {
  public record FieldError(String field, String message) {}

  private final int status;
  private final String title;
  private final List<FieldError> errors;

  public Problem(int status, String title, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public static Problem badRequest(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.getFirst().field() + ": " + errors.getFirst().message()
        : errors.size() + " fields are invalid";
    return new Problem(400, "Invalid request", detail, errors);
  }

  public static Problem badRequest(String field, String message) {
    return badRequest(List.of(new FieldError(field, message)));
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "Not found", detail, List.of());
  }

  public static Problem conflict(String detail) {
    return new Problem(409, "Conflict", detail, List.of());
  }

  public static Problem preconditionFailed(String detail) {
    return new Problem(412, "Precondition failed", detail, List.of());
  }

  public static Problem unprocessable(String detail) {
    return new Problem(422, "Unprocessable request", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
