package eventkernel.postgres;

import eventkernel.store.EventStore;
import eventkernel.store.EventStoreContract;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class PostgresEventStoreTest extends EventStoreContract {
  private final List<TestDatabase> databases = new ArrayList<>();

  @Override
  protected EventStore openStore() {
    TestDatabase db = new TestDatabase();
    databases.add(db);
    return db.openStore();
  }

  @AfterEach
  void dropSchemas() {
    if (store != null) store.close(); // before its schema goes; the contract's own close is then a no-op
    databases.forEach(TestDatabase::close);
  }

  private static final class RolledBack extends RuntimeException {}

  @Override
  protected void appendHolding(EventStore store, StreamId stream, List<NewEvent> events, Duration hold, boolean rollBack) {
    try {
      ((PostgresEventStore) store).append(stream, ExpectedVersion.any(), events, () -> {
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
