package eventkernel.sqlite;

import eventkernel.store.EventStore;
import eventkernel.store.EventStoreContract;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest extends EventStoreContract {
  @TempDir Path dir;

  @Override
  protected EventStore openStore() {
    try {
      return SqliteEventStore.open(Files.createTempFile(dir, "events", ".db"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class RolledBack extends RuntimeException {}

  @Override
  protected void appendHolding(EventStore store, StreamId stream, List<NewEvent> events, Duration hold, boolean rollBack) {
    try {
      ((SqliteEventStore) store).append(stream, ExpectedVersion.any(), events, () -> {
        try {
          Thread.sleep(hold);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (rollBack) throw new RolledBack();
      });
    } catch (RolledBack expected) {
      // the transaction was rolled back, as asked
    }
  }
}
