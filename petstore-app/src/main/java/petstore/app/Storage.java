package petstore.app;

import eventkernel.postgres.PostgresDatabase;
import eventkernel.postgres.PostgresEventStore;
import eventkernel.sql.Database;
import eventkernel.sqlite.SqliteDatabase;
import eventkernel.sqlite.SqliteEventStore;
import eventkernel.store.EventStore;
import java.time.Clock;
import petstore.app.config.Config;

/** The event store and the database beside it, as the configuration names them. */
public record Storage(EventStore store, Database database) implements AutoCloseable {
  public static Storage open(Config config, Clock clock) {
    if (!config.embedded()) {
      PostgresDatabase db = PostgresDatabase.open(config.store(), 16);
      try {
        return new Storage(new PostgresEventStore(db.dataSource(), db.schema()), db);
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    }
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
