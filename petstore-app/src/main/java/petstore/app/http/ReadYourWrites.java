package petstore.app.http;

import eventkernel.projection.ProjectionEngine;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * A query given {@code minPosition} (parameter or {@code X-Min-Position} header) waits up to 2 s for the
 * read models to reach that log position, so a client reads what it just wrote.
 */
public final class ReadYourWrites {
  private static final Duration LIMIT = Duration.ofSeconds(2);

  private final ProjectionEngine engine;

  public ReadYourWrites(ProjectionEngine engine) {
    this.engine = engine;
  }

  public void await(Context ctx) throws InterruptedException {
    String text = ctx.queryParam("minPosition");
    if (text == null) text = ctx.header("X-Min-Position");
    if (text == null) return;
    long position;
    try {
      position = Long.parseLong(text.trim());
      if (position < 0) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      throw Problem.badRequest("minPosition", "must be a log position (a whole number ≥ 0)");
    }
    boolean reached;
    try {
      reached = engine.awaitPosition(position, LIMIT);
    } catch (IllegalArgumentException unknown) {
      throw Problem.badRequest("minPosition", "is not a position in the log");
    }
    if (!reached) ctx.header("X-Read-Model-Behind", "true");
  }
}
