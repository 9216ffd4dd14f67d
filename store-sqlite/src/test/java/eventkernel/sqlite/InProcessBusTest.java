package eventkernel.sqlite;

import eventkernel.messaging.Bus;
import eventkernel.messaging.BusContract;
import eventkernel.messaging.InProcessBus;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class InProcessBusTest extends BusContract {
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

  @Override
  protected Bus openBus(Database db, String testName) {
    return new InProcessBus(db, MAPPER, Clock.systemUTC(), Duration.ofMillis(200));
  }
}
