package eventkernel.sqlite;

import eventkernel.projection.ProjectionEngineContract;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteProjectionEngineTest extends ProjectionEngineContract {
  @TempDir Path dir;

  @Override
  protected EventStore openStore() {
    try {
      return SqliteEventStore.open(Files.createTempFile(dir, "events", ".db"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Database database(EventStore store) {
    return ((SqliteEventStore) store).database();
  }
}
