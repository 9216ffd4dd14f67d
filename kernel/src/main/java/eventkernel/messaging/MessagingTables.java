package eventkernel.messaging;

import eventkernel.sql.Database;
import eventkernel.sql.Jdbc;

/** The tables every consumer shares: inboxes, dead letters, relay checkpoints. Plain SQL both dialects read. */
public final class MessagingTables {
  private MessagingTables() {}

  public static void create(Database db) {
    db.write(c -> {
      Jdbc.execute(c,
          """
          CREATE TABLE IF NOT EXISTS inbox (
            consumer   TEXT   NOT NULL,
            event_id   TEXT   NOT NULL,
            outcome    TEXT,
            handled_at BIGINT NOT NULL,
            PRIMARY KEY (consumer, event_id))""",
          """
          CREATE TABLE IF NOT EXISTS dead_letters (
            id              TEXT    PRIMARY KEY,
            consumer        TEXT    NOT NULL,
            event_id        TEXT    NOT NULL,
            event_type      TEXT    NOT NULL,
            msg_key         TEXT    NOT NULL,
            body            TEXT    NOT NULL,
            source_position BIGINT  NOT NULL,
            attempts        INTEGER NOT NULL,
            reason          TEXT    NOT NULL,
            failed_at       BIGINT  NOT NULL)""",
          "CREATE INDEX IF NOT EXISTS dead_letters_by_consumer ON dead_letters (consumer, event_id)",
          """
          CREATE TABLE IF NOT EXISTS relay_checkpoints (
            name       TEXT   PRIMARY KEY,
            position   BIGINT NOT NULL,
            updated_at BIGINT NOT NULL)""");
      return null;
    });
  }
}
