package eventkernel.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** How the store sits in a database it shares with the application. */
class PostgresSchemaTest {
  private final TestDatabase db = new TestDatabase();

  @AfterEach
  void drop() {
    db.close();
  }

  static List<NewEvent> oneEvent() {
    return List.of(new NewEvent(UUID.randomUUID(), "Happened", "{\"n\":1}", Metadata.NONE));
  }

  @Test
  void the_store_migrates_a_schema_the_application_already_migrated_keeping_its_own_history() throws SQLException {
    db.execute("CREATE SCHEMA {schema}");
    db.execute("CREATE TABLE {schema}.flyway_schema_history (installed_rank int PRIMARY KEY)");
    db.execute("CREATE TABLE {schema}.available_pets (pet_id text PRIMARY KEY)");

    try (PostgresEventStore store = db.openStore()) {
      long p = store.append(StreamId.of("thing-1"), ExpectedVersion.any(), oneEvent()).position();
      TestDatabase.awaitVisible(store, p);
      assertThat(store.readAll(0, 10)).hasSize(1);
    }

    assertThat(query("SELECT string_agg(version, ',' ORDER BY installed_rank) FROM {schema}.eventstore_schema_history WHERE success"))
        .isEqualTo("0,1,2,3");
    assertThat(query("SELECT count(*) FROM {schema}.flyway_schema_history")).isEqualTo("0");
  }

  @Test
  void a_reopened_store_finds_its_events_and_migrates_nothing_again() {
    StreamId s = StreamId.of("thing-1");
    try (PostgresEventStore store = db.openStore()) {
      store.append(s, ExpectedVersion.noStream(), oneEvent());
    }
    try (PostgresEventStore store = db.openStore()) {
      assertThat(store.readStream(s)).hasSize(1);
      store.append(s, ExpectedVersion.exactly(1), oneEvent());
    }
  }

  @Test
  void over_the_applications_pool_the_store_leaves_the_pool_open_and_its_connections_as_they_were() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.URL);
    config.setAutoCommit(false); // an application that manages its own transactions
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      StreamId s = StreamId.of("thing-1");
      try (PostgresEventStore store = new PostgresEventStore(pool, db.schema)) {
        long p = store.append(s, ExpectedVersion.noStream(), oneEvent()).position();
        TestDatabase.awaitVisible(store, p);
        store.snapshots().save(new eventkernel.store.Snapshot(s, 1, 1, "{}", java.time.Instant.now()));
        assertThat(store.readAll(0, 10)).hasSize(1);
        assertThat(store.headPosition()).isPositive();
      }
      assertThat(pool.isClosed()).isFalse();
      try (Connection c = pool.getConnection()) {
        assertThat(c.getAutoCommit()).isFalse();
      }
      assertThat(query("SELECT count(*) FROM {schema}.events")).as("committed, seen from outside").isEqualTo("1");
    }
  }

  @Test
  void a_plain_data_source_serves_appends_reads_and_wake_ups_too() throws Exception {
    PGSimpleDataSource plain = new PGSimpleDataSource();
    plain.setUrl(TestDatabase.URL);
    try (PostgresEventStore here = new PostgresEventStore(plain, db.schema);
         PostgresEventStore elsewhere = db.openStore()) {
      long generation = here.appendSignal().generation();
      long p = elsewhere.append(StreamId.of("thing-1"), ExpectedVersion.any(), oneEvent()).position();

      assertThat(here.appendSignal().await(generation, Duration.ofSeconds(5))).isTrue();
      TestDatabase.awaitVisible(here, p);
      assertThat(here.readAll(0, 10)).extracting(StoredEvent::type).containsExactly("Happened");
    }
  }

  @Test
  void a_schema_name_that_is_not_a_plain_identifier_is_refused() {
    assertThatThrownBy(() -> PostgresEventStore.open(TestDatabase.URL, "x\"; DROP TABLE y; --"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private String query(String sql) throws SQLException {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql.replace("{schema}", '"' + db.schema + '"'))) {
      rs.next();
      return rs.getString(1);
    }
  }
}
