package petstore.bench;

import eventkernel.aggregate.EventSourced;
import eventkernel.postgres.PostgresEventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import petstore.app.codec.PetStoreJson;
import petstore.bench.axon.AxonEvents;
import petstore.bench.axon.AxonPet;
import petstore.bench.axon.AxonStore;
import petstore.pet.Pet;
import petstore.pet.PetCommand;
import petstore.pet.PetEvent;
import petstore.pet.PetId;
import petstore.pet.Pets;
import petstore.pet.Species;
import petstore.shelter.ShelterId;

/**
 * Suite 3, loading one aggregate: a pet with a history of 10, 1,000 or 100,000 events (registered, then
 * renamed again and again), with and without a snapshot. The snapshot is taken 50 events (half the history
 * for the 10-event pet) before the end, as a snapshot policy leaves it: loading reads it and the events after.
 * The kernel's EventSourced over the PostgreSQL store beside Axon's EventSourcingRepository over its JDBC store.
 */
public final class AggregateBench {
  private static final PetStoreJson JSON = new PetStoreJson();
  private static final int CHUNK = 1000;

  public static void main(String[] args) throws Exception {
    Harness h = new Harness("aggregate", args);
    String url = Postgres.freshDatabase("bench_aggregate");
    Postgres.execute(Postgres.pool(url, "setup", 1), "CREATE SCHEMA axon");
    Clock clock = Clock.systemUTC();
    try (Results results = new Results("aggregate");
         PostgresEventStore store = new PostgresEventStore(Postgres.pool(url, "kernel", 4), "kernel");
         AxonStore axon = new AxonStore(Postgres.pool(url + "&currentSchema=axon", "axon", 4), 500, true)) {
      var pets = new EventSourced<>(store, new Pets(), JSON.petEvents(), JSON.petState(), 100, clock);
      AggregateSnapshotter snapshotter = AggregateSnapshotter.builder()
          .eventStore(axon.eventStore())
          .aggregateFactories(new GenericAggregateFactory<>(AxonPet.class))
          .transactionManager(axon.transactions())
          .build();
      EventSourcingRepository<AxonPet> plainRepo = EventSourcingRepository.builder(AxonPet.class).eventStore(axon.eventStore()).build();
      EventSourcingRepository<AxonPet> snapRepo = EventSourcingRepository.builder(AxonPet.class).eventStore(axon.eventStore())
          .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, 100)).build();

      for (int size : new int[] {10, 1_000, 100_000}) {
        for (boolean snapshot : new boolean[] {false, true}) {
          int snapshotAt = snapshot ? size - Math.min(50, size / 2) : 0;
          h.say("building a pet of %,d events%s, in both stores", size, snapshot ? " with a snapshot at " + snapshotAt : "");
          PetId pet = new PetId(UUID.randomUUID());
          buildKernel(store, pets, pet, size, snapshotAt);
          String axonId = UUID.randomUUID().toString();
          buildAxon(axon, snapshotter, axonId, size, snapshotAt);
          EventSourcingRepository<AxonPet> repo = snapshot ? snapRepo : plainRepo;
          StreamId stream = StreamId.of("pet", pet);

          String kase = String.format("%,d events, %s", size, snapshot ? "snapshot" : "no snapshot");
          int loads = size == 100_000 && !snapshot ? (h.quick ? 2 : 4) : size >= 1000 && !snapshot ? (h.quick ? 20 : 60) : (h.quick ? 100 : 300);
          Runnable kernelLoad = () -> {
            long v = pets.load(stream).version();
            if (v != size) throw new IllegalStateException("kernel loaded version " + v + ", not " + size);
          };
          Runnable axonLoad = () -> {
            DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
            try {
              Aggregate<AxonPet> a = repo.load(axonId);
              if (a.version() != size - 1) throw new IllegalStateException("axon loaded version " + a.version() + ", not " + (size - 1));
            } finally {
              uow.rollback();
            }
          };
          for (int i = 0; i < Math.max(1, loads / 4); i++) {
            kernelLoad.run();
            axonLoad.run();
          }
          for (int r = 1; r <= h.rounds; r++) {
            measure(h, results, kase, "kernel-eventsourced", r, loads, kernelLoad);
            measure(h, results, kase, "axon-repository", r, loads, axonLoad);
          }
        }
      }
    } finally {
      Postgres.drop("bench_aggregate");
    }
  }

  static void measure(Harness h, Results results, String kase, String impl, int round, int loads, Runnable load) {
    double l1 = Harness.load();
    Latencies latencies = new Latencies();
    long start = System.nanoTime();
    for (int i = 0; i < loads; i++) {
      long t0 = System.nanoTime();
      load.run();
      latencies.add(System.nanoTime() - t0);
    }
    double s = (System.nanoTime() - start) / 1e9;
    results.row(kase, impl, round, loads, s, latencies.millis(0.5), latencies.millis(0.99), l1);
    h.say("%-30s %-20s round %d: load p50 %8.2f ms  p99 %8.2f ms  (%d loads, load avg %.2f)", kase, impl, round,
        latencies.millis(0.5), latencies.millis(0.99), loads, l1);
  }

  static void buildKernel(PostgresEventStore store, EventSourced<PetCommand, Pet, PetEvent> pets, PetId pet, int size, int snapshotAt) {
    StreamId stream = StreamId.of("pet", pet);
    Metadata meta = new Metadata(null, null, "bench");
    store.append(stream, ExpectedVersion.noStream(), List.of(JSON.petEvents().encode(
        new PetEvent.PetRegistered(pet, "Rex", Species.DOG, 3, new ShelterId(UUID.randomUUID()), Instant.now()), meta)));
    long version = 1;
    while (version < size) {
      long stopAt = snapshotAt > version ? Math.min(snapshotAt, size) : size;
      List<NewEvent> chunk = new ArrayList<>();
      for (long v = version + 1; v <= Math.min(stopAt, version + CHUNK); v++) {
        chunk.add(JSON.petEvents().encode(new PetEvent.PetNameChanged(pet, "Rex " + v, Instant.now()), meta));
      }
      store.append(stream, ExpectedVersion.exactly(version), chunk);
      version += chunk.size();
      if (version == snapshotAt) pets.snapshot(stream);
    }
  }

  static void buildAxon(AxonStore axon, AggregateSnapshotter snapshotter, String id, int size, int snapshotAt) {
    axon.append(List.of(AxonStore.event(id, 0, new AxonEvents.PetRegistered(id, "Rex", "dog", 3, UUID.randomUUID().toString(),
        Instant.now().toString()))));
    long count = 1;
    while (count < size) {
      long stopAt = snapshotAt > count ? Math.min(snapshotAt, size) : size;
      List<DomainEventMessage<?>> chunk = new ArrayList<>();
      for (long seq = count; seq < Math.min(stopAt, count + CHUNK); seq++) {
        chunk.add(AxonStore.event(id, seq, new AxonEvents.PetRenamed(id, "Rex " + seq, Instant.now().toString())));
      }
      axon.append(chunk);
      count += chunk.size();
      if (count == snapshotAt) snapshotter.scheduleSnapshot(AxonPet.class, id);
    }
  }
}
