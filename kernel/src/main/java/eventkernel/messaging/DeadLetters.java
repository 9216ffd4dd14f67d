package eventkernel.messaging;

import static eventkernel.sql.Jdbc.query;
import static eventkernel.sql.Jdbc.update;

import eventkernel.sql.Database;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** The messages consumers gave up on, with why; an operator lists them and hands them back. */
public final class DeadLetters {
  public record DeadLetter(String id, String consumer, UUID eventId, String eventType, String key, String body,
                           long sourcePosition, int attempts, String reason, Instant failedAt) {}

  private static final String COLUMNS = "id, consumer, event_id, event_type, msg_key, body, source_position, attempts, reason, failed_at";

  private final Database db;
  private final JsonMapper mapper;

  public DeadLetters(Database db, JsonMapper mapper) {
    this.db = db;
    this.mapper = mapper;
  }

  public List<DeadLetter> list() {
    return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM dead_letters ORDER BY failed_at, id", DeadLetters::row));
  }

  public List<DeadLetter> of(String consumer, UUID eventId) {
    return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM dead_letters WHERE consumer = ? AND event_id = ?", DeadLetters::row,
        consumer, eventId.toString()));
  }

  public List<DeadLetter> byId(String id) {
    return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?", DeadLetters::row, id));
  }

  /** Hands the dead letter back to its consumer and forgets it; if that fails again it comes back here. */
  public void redrive(DeadLetter letter, Bus bus) throws Exception {
    bus.redeliver(letter.consumer(), Message.parse(mapper, letter.body(), letter.key(), letter.sourcePosition()));
    db.write(c -> update(c, "DELETE FROM dead_letters WHERE id = ?", letter.id()));
  }

  private static DeadLetter row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new DeadLetter(rs.getString(1), rs.getString(2), UUID.fromString(rs.getString(3)), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)));
  }
}
