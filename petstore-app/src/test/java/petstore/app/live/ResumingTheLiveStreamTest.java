package petstore.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.PetStore;
import petstore.app.config.Config;
import tools.jackson.databind.JsonNode;

/**
 * A client loses its connection in the middle of a run of adoptions and comes back with
 * {@code Last-Event-ID}: what it got before and after, put together, is what the store holds, each
 * message once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumingTheLiveStreamTest {
  static final int PETS = 8;

  PetStore petStore;
  Client api;
  List<String> pets = new ArrayList<>();
  List<String> adoptions = new CopyOnWriteArrayList<>();
  List<EventStream.Frame> beforeTheCut;
  List<EventStream.Frame> afterTheCut;
  String lastEventId;
  long headAtTheCut;

  @BeforeAll void adoptEightPetsWhileTheClientReconnects(@TempDir Path data) throws Exception {
    petStore = PetStore.start(Config.embedded(data, 0));
    api = new Client(petStore.port());
    String shelter = api.registerShelter("Happy Paws");
    String alice = api.registerCustomer("Alice");
    for (int i = 0; i < PETS; i++) pets.add(api.registerPet("Pet " + i, shelter));

    EventStream first = EventStream.open(petStore.port(), "?from=0");
    Thread adopting = Thread.ofVirtual().start(() -> {
      for (String pet : pets) {
        adoptions.add(api.adopt(pet, alice));
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    // The cut: half-way through the adoptions' step messages, while more are being appended.
    for (int i = 0; i < PETS * 8 / 2; i++) first.awaitFrame(f -> f.event().equals("adoption.step-completed"), Client.PATIENCE);
    first.close();
    headAtTheCut = api.headPosition();
    List<EventStream.Frame> got = first.received();
    int lastWithId = lastIndexWithId(got);
    beforeTheCut = got.subList(0, lastWithId + 1);
    lastEventId = got.get(lastWithId).id();

    try (EventStream second = EventStream.open(petStore.port(), "", lastEventId)) {
      adopting.join();
      for (String adoption : adoptions) api.awaitCompleted(adoption);
      await().atMost(Client.PATIENCE).until(() -> {
        afterTheCut = second.received();
        return union().stream().filter(f -> f.event().equals("adoption.completed")).count() >= PETS;
      });
    }
  }

  @AfterAll void stop() {
    if (petStore != null) petStore.close();
  }

  static int lastIndexWithId(List<EventStream.Frame> frames) {
    for (int i = frames.size() - 1; i >= 0; i--) if (frames.get(i).id() != null) return i;
    throw new AssertionError("no frame carried an id: " + frames);
  }

  List<EventStream.Frame> union() {
    List<EventStream.Frame> all = new ArrayList<>(beforeTheCut);
    all.addAll(afterTheCut);
    return all;
  }

  @Test void the_cut_came_in_the_middle_of_the_run() {
    assertThat(afterTheCut).extracting(EventStream.Frame::event).contains("adoption.step-completed", "adoption.completed");
    assertThat(beforeTheCut).extracting(EventStream.Frame::event).contains("adoption.step-completed");
    assertThat(Long.parseLong(lastEventId)).isLessThan(headAtTheCut + 1);
  }

  @Test void nothing_comes_twice() {
    List<String> ids = union().stream().map(EventStream.Frame::messageId).toList();

    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test void ids_are_log_positions_rising_across_the_reconnect() {
    List<Long> positions = union().stream().filter(f -> f.id() != null).map(f -> Long.parseLong(f.id())).toList();

    assertThat(positions).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    assertThat(afterTheCut.stream().filter(f -> f.id() != null).map(f -> Long.parseLong(f.id())))
        .allSatisfy(p -> assertThat(p).isGreaterThan(Long.parseLong(lastEventId)));
  }

  @Test void every_pet_event_the_store_holds_arrived_under_its_position() {
    Map<String, EventStream.Frame> byMessageId = union().stream().collect(Collectors.toMap(EventStream.Frame::messageId, f -> f));
    for (String pet : pets) {
      JsonNode events = api.get("/api/pets/" + pet + "/events");
      assertThat(events).hasSize(2);
      JsonNode registered = events.get(0), adopted = events.get(1);

      assertThat(byMessageId.get(registered.path("eventId").asString())).as("pet.registered of %s", pet)
          .isNotNull().extracting(EventStream.Frame::event).isEqualTo("pet.registered");
      EventStream.Frame adoptedFrame = byMessageId.get(adopted.path("eventId").asString());
      assertThat(adoptedFrame).as("pet.adopted of %s", pet).isNotNull();
      assertThat(adoptedFrame.event()).isEqualTo("pet.adopted");
      assertThat(adoptedFrame.id()).isEqualTo(String.valueOf(adopted.path("position").asLong()));
      assertThat(union()).filteredOn(f -> f.event().equals("pet.available") && f.json().path("data").path("petId").asString().equals(pet))
          .singleElement().extracting(EventStream.Frame::id).isEqualTo(String.valueOf(registered.path("position").asLong()));
    }
  }

  @Test void every_adoption_arrived_with_its_eight_steps_and_its_completion() {
    for (String adoption : adoptions) {
      List<EventStream.Frame> its = union().stream()
          .filter(f -> f.json().path("data").path("adoptionId").asString().equals(adoption)).toList();
      Set<String> steps = new HashSet<>();
      its.stream().filter(f -> f.event().equals("adoption.step-completed")).forEach(f -> steps.add(f.json().path("data").path("step").asString()));

      assertThat(steps).as("adoption %s", adoption).hasSize(8);
      assertThat(its).extracting(EventStream.Frame::event).as("adoption %s", adoption)
          .containsOnlyOnce("pet.adopted", "adoption.completed");
      assertThat(its).hasSize(10);
    }
    assertThat(union()).hasSize(PETS * 2 + PETS * 10);
  }

  @Test void from_in_the_query_resumes_like_last_event_id() throws Exception {
    try (EventStream again = EventStream.open(petStore.port(), "?from=" + lastEventId)) {
      EventStream.Frame first = again.next(Client.PATIENCE);

      assertThat(first.messageId()).isEqualTo(afterTheCut.getFirst().messageId());
    }
  }

  @Test void a_position_that_is_no_number_is_refused_in_words() throws Exception {
    try (EventStream wrong = EventStream.open(petStore.port(), "?from=yesterday")) {
      EventStream.Frame error = wrong.next(Client.PATIENCE);

      assertThat(error.event()).isEqualTo("error");
      assertThat(error.json().path("detail").asString()).contains("log position");
    }
  }
}
