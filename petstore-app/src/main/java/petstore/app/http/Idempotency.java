package petstore.app.http;

import static eventkernel.sql.Jdbc.one;
import static eventkernel.sql.Jdbc.update;

import eventkernel.sql.Database;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POSTs: the same key with the same request answers what the first answered
 * and appends nothing; the same key with another request is refused with 422. Only successful answers
 * are kept: a refused command changed nothing, so running it again is harmless.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";

  /** A command's answer: its status and JSON body. */
  public record Answer(int status, Map<String, ?> body) {}

  private final Database db;
  private final JsonMapper mapper;
  private final Clock clock;

  public Idempotency(Database db, JsonMapper mapper, Clock clock) {
    this.db = db;
    this.mapper = mapper;
    this.clock = clock;
  }

  /**
   * Answers {@code ctx} with {@code command}'s answer, or with the stored one for a repeated key. The
   * command is given a source of ids: derived from the key when there is one, so even two racing
   * retries name the same new entity and the store lets only one of them write it.
   */
  public void handle(Context ctx, Function<Ids, Answer> command) {
    String key = ctx.header(HEADER);
    if (key == null) {
      write(ctx, command.apply(Ids.random()));
      return;
    }
    if (key.isBlank() || key.length() > 200) throw Problem.badRequest(HEADER, "must be 1-200 characters");
    String scopedKey = ctx.path() + " " + key;
    String hash = sha256(ctx.method() + " " + ctx.path() + "\n" + ctx.body());
    var stored = db.read(c -> one(c, "SELECT request_hash, status, body FROM idempotency_keys WHERE idempotency_key = ?",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, scopedKey));
    if (stored.isPresent()) {
      if (!stored.get()[0].equals(hash)) {
        throw Problem.unprocessable("Idempotency-Key " + key + " was used with another request");
      }
      String location = mapper.readTree(stored.get()[2]).path("location").asString(null);
      if (location != null) ctx.header("Location", location);
      ctx.status(Integer.parseInt(stored.get()[1])).contentType("application/json").header("Idempotent-Replayed", "true")
          .result(stored.get()[2]);
      return;
    }
    Answer answer = command.apply(Ids.from(scopedKey));
    String body = mapper.writeValueAsString(answer.body());
    db.write(c -> update(c, "INSERT INTO idempotency_keys (idempotency_key, request_hash, status, body, created_at) "
        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING", scopedKey, hash, answer.status(), body, clock.millis()));
    write(ctx, answer.status(), answer.body(), body);
  }

  private void write(Context ctx, Answer answer) {
    write(ctx, answer.status(), answer.body(), mapper.writeValueAsString(answer.body()));
  }

  /** An answer whose body names a {@code location} also carries it as the Location header. */
  private static void write(Context ctx, int status, Map<String, ?> body, String text) {
    if (body.get("location") instanceof String location) ctx.header("Location", location);
    ctx.status(status).contentType("application/json").result(text);
  }

  /** Where a command takes the ids of what it creates. */
  public interface Ids {
    UUID next(String purpose);

    static Ids random() {
      return purpose -> UUID.randomUUID();
    }

    static Ids from(String key) {
      return purpose -> UUID.nameUUIDFromBytes((key + "#" + purpose).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
