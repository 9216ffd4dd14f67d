package eventkernel.postgres;

import eventkernel.projection.ProjectionEngineContract;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import java.util.ArrayList;
import java.util.List;

class PostgresProjectionEngineTest extends ProjectionEngineContract {
  private final List<TestDatabase> schemas = new ArrayList<>();
  private PostgresDatabase database;

  @Override
  protected EventStore openStore() {
    TestDatabase schema = new TestDatabase();
    schemas.add(schema);
    return schema.openStore();
  }

  @Override
  protected Database database(EventStore store) {
    if (database == null) {
      String schema = ((PostgresEventStore) store).schema();
      database = PostgresDatabase.open(TestDatabase.URL + "&currentSchema=" + schema, 4);
    }
    return database;
  }

  @Override
  protected void cleanUp() {
    if (database != null) database.close();
    schemas.forEach(TestDatabase::close);
  }
}
