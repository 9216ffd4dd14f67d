package petstore.app;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.codec.EventCodec;
import eventkernel.projection.Projection;
import eventkernel.projection.Tables;
import eventkernel.sqlite.SqliteDatabase;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import petstore.app.codec.DomainEvents;
import petstore.app.codec.PetStoreJson;
import petstore.customer.CustomerEvent;
import petstore.pet.PetEvent;
import petstore.shelter.ShelterEvent;

/**
 * Given/then for a read model: the events are encoded by the app's codecs, stored as a store would hand
 * them out (one stream per entity, versions and positions counting up) and applied to a fresh SQLite
 * database; then the rows of a table are compared, in any order, column by column.
 *
 * <pre>{@code
 * ProjectionSpec.of(AvailablePetsProjection::new)
 *     .given(shelterRegistered, rexRegistered, rexAdopted)
 *     .thenView("available_pets", row("pet_id", rex, "name", "Rex", …, "available", 0));
 * }</pre>
 *
 * Expected values are written as the code knows them: ids as id objects, times as {@link Instant}s; they
 * are compared as the table holds them (text, epoch milliseconds). Every column of a row must be given.
 */
public final class ProjectionSpec {
  private static final PetStoreJson JSON = new PetStoreJson();
  private static final DomainEvents EVENTS = new DomainEvents(JSON);

  private final Projection projection;
  private final Set<String> ignored;

  private ProjectionSpec(Projection projection, Set<String> ignored) {
    this.projection = projection;
    this.ignored = ignored;
  }

  public static ProjectionSpec of(Function<DomainEvents, Projection> projection) {
    return new ProjectionSpec(projection.apply(EVENTS), Set.of());
  }

  /** Leaves out columns whose values the spec makes up (such as event ids). */
  public ProjectionSpec ignoringColumns(String... columns) {
    return new ProjectionSpec(projection, Set.of(columns));
  }

  /** A row of a read model: column names and values, alternating. */
  public static Map<String, Object> row(Object... columnsAndValues) {
    if (columnsAndValues.length % 2 != 0) throw new IllegalArgumentException("columns and values must pair up");
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < columnsAndValues.length; i += 2) row.put((String) columnsAndValues[i], asStored(columnsAndValues[i + 1]));
    return row;
  }

  public Then given(Object... events) {
    return new Then(view(stored(List.of(events))));
  }

  /** The rows of every table of the projection, once all events are applied. */
  public final class Then {
    private final Map<String, List<Map<String, Object>>> tables;

    private Then(Map<String, List<Map<String, Object>>> tables) {
      this.tables = tables;
    }

    @SafeVarargs
    public final Then thenView(String table, Map<String, Object>... rows) {
      assertThat(tables).as("tables of %s", projection.name()).containsKey(table);
      assertThat(tables.get(table)).as("rows of %s", table).containsExactlyInAnyOrderElementsOf(Arrays.asList(rows));
      return this;
    }

    public Then thenViewIsEmpty(String table) {
      return thenView(table);
    }
  }

  private static List<StoredEvent> stored(List<Object> events) {
    Map<StreamId, Long> versions = new HashMap<>();
    List<StoredEvent> stored = new ArrayList<>();
    long position = 0;
    for (Object event : events) {
      Envelope e = envelope(event);
      long version = versions.merge(e.stream(), 1L, Long::sum);
      NewEvent encoded = e.encoded();
      stored.add(new StoredEvent(encoded.eventId(), e.stream(), version, ++position, encoded.type(), encoded.payload(),
          encoded.metadata(), e.at()));
    }
    return stored;
  }

  private record Envelope(StreamId stream, NewEvent encoded, Instant at) {}

  private static Envelope envelope(Object event) {
    return switch (event) {
      case PetEvent e -> new Envelope(StreamId.of("pet", e.pet()), encode(JSON.petEvents(), e), e.at());
      case ShelterEvent e -> new Envelope(StreamId.of("shelter", e.shelter()), encode(JSON.shelterEvents(), e), e.at());
      case CustomerEvent e -> new Envelope(StreamId.of("customer", e.customer()), encode(JSON.customerEvents(), e), e.at());
      default -> throw new IllegalArgumentException("not a PetStore event: " + event);
    };
  }

  private static <E> NewEvent encode(EventCodec<E> codec, E event) {
    return codec.encode(event, new Metadata("spec", null, "spec"));
  }

  private Map<String, List<Map<String, Object>>> view(List<StoredEvent> events) {
    Path folder = null;
    try {
      folder = Files.createTempDirectory("projection-spec");
      try (SqliteDatabase db = SqliteDatabase.open(folder.resolve("view.db"))) {
        db.write(c -> {
          projection.create(c, Tables.LIVE);
          return null;
        });
        for (StoredEvent event : events) {
          db.write(c -> {
            projection.apply(c, Tables.LIVE, event);
            return null;
          });
        }
        return db.read(c -> {
          Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
          for (String table : projection.tables()) tables.put(table, rows(c, table));
          return tables;
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(folder);
    }
  }

  private List<Map<String, Object>> rows(Connection c, String table) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (!ignored.contains(meta.getColumnName(i))) row.put(meta.getColumnName(i), asStored(rs.getObject(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object asStored(Object value) {
    return switch (value) {
      case null -> null;
      case Number n -> n.longValue();
      case Boolean b -> b ? 1L : 0L;
      case Instant i -> i.toEpochMilli();
      case String s -> s;
      default -> value.toString();
    };
  }

  private static void delete(Path folder) {
    if (folder == null) return;
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
