package petstore.bench.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon Framework 4.13's JDBC event store on the bench's PostgreSQL, as its reference guide sets it up for
 * throughput: a connection pool, a batch size, its own schema ({@code axon}, as the pool's currentSchema),
 * tables from {@link PostgresEventTableFactory}, and the JacksonSerializer for events and snapshots.
 */
public final class AxonStore implements AutoCloseable {
  public static final String AGGREGATE_TYPE = "AxonPet";

  private final HikariDataSource pool;
  private final JdbcTransactions transactions;
  private final JacksonSerializer serializer;
  private final JdbcEventStorageEngine engine;
  private EmbeddedEventStore eventStore;

  /** @param pool a pool whose connections use the schema {@code axon} (created beforehand) */
  public AxonStore(HikariDataSource pool, int batchSize, boolean createSchema) {
    this.pool = pool;
    this.transactions = new JdbcTransactions(pool);
    ObjectMapper mapper = new ObjectMapper();
    // Snapshots serialize the aggregate itself: its fields, as Axon's docs show for Jackson.
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    this.serializer = JacksonSerializer.builder().objectMapper(mapper).build();
    this.engine = JdbcEventStorageEngine.builder()
        .connectionProvider(transactions)
        .transactionManager(transactions)
        .eventSerializer(serializer)
        .snapshotSerializer(serializer)
        .batchSize(batchSize)
        .build();
    if (createSchema) engine.createSchema(PostgresEventTableFactory.INSTANCE);
  }

  public JdbcEventStorageEngine engine() {
    return engine;
  }

  public JdbcTransactions transactions() {
    return transactions;
  }

  public JacksonSerializer serializer() {
    return serializer;
  }

  public HikariDataSource pool() {
    return pool;
  }

  public synchronized EmbeddedEventStore eventStore() {
    if (eventStore == null) eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
    return eventStore;
  }

  public static DomainEventMessage<?> event(String aggregateId, long sequence, Object payload) {
    return new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateId, sequence, payload);
  }

  /** Appends in one transaction, as an aggregate's unit of work would. */
  public void append(List<? extends DomainEventMessage<?>> events) {
    engine.appendEvents(events);
  }

  @Override
  public void close() {
    if (eventStore != null) eventStore.shutDown();
    pool.close();
  }
}
