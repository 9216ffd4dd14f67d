package petstore.app;

import eventkernel.sql.Database;
import eventkernel.sqlite.SqliteDatabase;
import eventkernel.sqlite.SqliteEventStore;
import eventkernel.store.EventStore;
import java.time.Clock;
import petstore.app.config.Config;

/** The event store and the database beside it, as the configuration names them. */
public record Storage(EventStore store, Database database) implements AutoCloseable {
  public static Storage open(Config config, Clock clock) {
    SqliteDatabase db = SqliteDatabase.open(config.sqliteFile());
    try {
      return new Storage(new SqliteEventStore(db, clock), db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public void close() {
    store.close();
    database.close();
  }
}
