package petstore.app.http;

import eventkernel.aggregate.Outcome;
import eventkernel.decider.Rejection;
import io.javalin.http.Context;
import java.util.List;
import petstore.validation.InvalidInput;

/** How a command's outcome reads over HTTP; shared by every feature's command routes. */
public final class Commands {
  private Commands() {}

  /** The appended outcome, or the problem its rejection is: 400 for fields, 404 for unknown, 409 for a rule. */
  public static <S, E> Outcome.Appended<S, E> appended(Outcome<S, E> outcome, String subject) {
    return switch (outcome) {
      case Outcome.Appended<S, E> a -> a;
      case Outcome.Rejected<S, E> r -> throw problem(r.rejection(), subject);
    };
  }

  public static Problem problem(Rejection rejection, String subject) {
    if (rejection instanceof InvalidInput invalid) {
      return Problem.badRequest(invalid.errors().stream()
          .map(e -> new Problem.FieldError(e.field(), e.reason())).toList());
    }
    String reason = rejection.reason();
    if (reason.endsWith("is not registered")) return Problem.notFound(subject + " not found: " + reason);
    return Problem.conflict(reason);
  }

  /** {@code If-Match: "3"} (or {@code 3}, {@code W/"3"}) as the version the client saw; null without the header. */
  public static Long ifMatch(Context ctx) {
    String value = ctx.header("If-Match");
    if (value == null) return null;
    String digits = value.trim().replaceFirst("^W/", "").replace("\"", "");
    try {
      long version = Long.parseLong(digits);
      if (version < 0) throw new NumberFormatException();
      return version;
    } catch (NumberFormatException e) {
      throw Problem.badRequest(List.of(new Problem.FieldError("If-Match", "must be a version number, e.g. \"3\"")));
    }
  }
}
