package petstore.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.PetStore;
import petstore.app.config.Config;

/**
 * Two adoptions run while filtered streams listen: each stream gets its slice and nothing else, live and
 * in the catch-up alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilteringTheLiveStreamTest {
  static final Duration WAIT = Client.PATIENCE;
  /** Where the messages say clients reach the PetStore (given with a trailing slash, which is dropped). */
  static final String PUBLIC_URL = "https://pets.example.org";
  static final List<String> STEPS =
      List.of("pet-status", "email", "shelter-notification", "inventory", "certificate", "vet-appointment", "welcome-package", "analytics");

  PetStore petStore;
  Client api;
  String rex, tom, rexAdoption, tomAdoption;
  EventStream everything, adoptionsOnly, rexOnly, rexAdoptionOnly;

  @BeforeAll void twoAdoptionsWhileStreamsListen(@TempDir Path data) throws Exception {
    System.setProperty(PetStore.HEARTBEAT_PROPERTY, "300");
    try {
      petStore = PetStore.start(Config.embedded(data, 0).with(Config.Setting.PUBLIC_URL, PUBLIC_URL + "/"));
    } finally {
      System.clearProperty(PetStore.HEARTBEAT_PROPERTY);
    }
    api = new Client(petStore.port());
    String shelter = api.registerShelter("Happy Paws");
    String alice = api.registerCustomer("Alice");
    rex = api.registerPet("Rex", shelter);
    tom = api.registerPet("Tom", shelter);

    everything = EventStream.open(petStore.port(), "");
    adoptionsOnly = EventStream.open(petStore.port(), "?types=pet.adopted,adoption.completed");
    rexOnly = EventStream.open(petStore.port(), "?petId=" + rex);
    long before = api.headPosition();
    rexAdoption = api.adopt(rex, alice);
    // as the web page does: right after the POST, from just before it, so nothing of the adoption is missed
    rexAdoptionOnly = EventStream.open(petStore.port(), "?adoptionId=" + rexAdoption + "&from=" + before);
    tomAdoption = api.adopt(tom, alice);
    api.awaitCompleted(rexAdoption);
    api.awaitCompleted(tomAdoption);

    // A last event for Rex: a stream has seen everything before it once it sees this one.
    api.post("/api/commands/rename-pet", Map.of("petId", rex, "newName", "Rex the Second"), 200);
    everything.awaitFrame(f -> f.event().equals("pet.renamed"), WAIT);
    rexOnly.awaitFrame(f -> f.event().equals("pet.renamed"), WAIT);
    for (int i = 0; i < 2; i++) adoptionsOnly.awaitFrame(f -> f.event().equals("adoption.completed"), WAIT);
    rexAdoptionOnly.awaitFrame(f -> f.event().equals("adoption.completed"), WAIT);
    Thread.sleep(500); // time for a stray frame of Tom's adoption to reach the adoption stream, were it to pass
  }

  @AfterAll void stop() {
    for (EventStream s : new EventStream[] {everything, adoptionsOnly, rexOnly, rexAdoptionOnly}) if (s != null) s.close();
    if (petStore != null) petStore.close();
  }

  @Test void the_stream_is_text_event_stream_and_opens_with_a_comment() {
    assertThat(everything.status()).isEqualTo(200);
    assertThat(everything.contentType()).startsWith("text/event-stream");
    assertThat(everything.receivedWithComments().getFirst().comment()).isEqualTo("connected");
  }

  @Test void each_frame_is_a_public_message_named_by_its_type() {
    for (EventStream.Frame f : everything.received()) {
      assertThat(f.json().path("eventType").asString()).as("%s", f).isEqualTo(f.event());
      assertThat(f.json().path("eventId").asString()).as("%s", f).isNotBlank();
      assertThat(f.json().path("timestamp").asString()).as("%s", f).isNotBlank();
    }
    assertThat(everything.received()).extracting(EventStream.Frame::event)
        .contains("pet.adopted", "adoption.step-completed", "adoption.completed", "pet.renamed");
  }

  @Test void a_types_filter_passes_only_those_types() {
    assertThat(adoptionsOnly.received()).extracting(EventStream.Frame::event)
        .containsExactlyInAnyOrder("pet.adopted", "pet.adopted", "adoption.completed", "adoption.completed");
  }

  @Test void a_pet_filter_passes_only_that_pets_messages() {
    assertThat(rexOnly.received()).extracting(EventStream.Frame::event).containsExactly("pet.adopted", "pet.renamed");
    assertThat(rexOnly.received()).allSatisfy(f -> assertThat(f.json().path("data").path("petId").asString()).isEqualTo(rex));
  }

  @Test void an_adoption_filter_passes_that_adoptions_eight_steps_and_its_completion() {
    List<EventStream.Frame> frames = rexAdoptionOnly.received();

    assertThat(frames).allSatisfy(f -> assertThat(f.json().path("data").path("adoptionId").asString()).isEqualTo(rexAdoption));
    assertThat(frames.getFirst().event()).isEqualTo("pet.adopted");
    assertThat(frames.getLast().event()).isEqualTo("adoption.completed");
    assertThat(frames.getLast().json().path("data").path("certificateUrl").asString())
        .isEqualTo(PUBLIC_URL + "/api/adoptions/" + rexAdoption + "/certificate.pdf");
    assertThat(frames.stream().filter(f -> f.event().equals("adoption.step-completed")).map(f -> f.json().path("data").path("step").asString()))
        .containsExactlyInAnyOrderElementsOf(STEPS);
    assertThat(frames).hasSize(1 + STEPS.size() + 1);
  }

  @Test void filters_apply_to_what_is_caught_up_from_the_store_too() throws Exception {
    try (EventStream history = EventStream.open(petStore.port(), "?petId=" + rex + "&from=0")) {
      history.awaitFrame(f -> f.event().equals("pet.renamed"), WAIT);

      assertThat(history.received()).extracting(EventStream.Frame::event)
          .containsExactly("pet.registered", "pet.available", "pet.adopted", "pet.renamed");
      assertThat(history.received()).allSatisfy(f -> assertThat(f.json().path("data").path("petId").asString()).isEqualTo(rex));
    }
  }

  @Test void a_filter_combines_type_and_pet() throws Exception {
    try (EventStream tomsAdoption = EventStream.open(petStore.port(), "?from=0&types=pet.adopted&petId=" + tom)) {
      EventStream.Frame adopted = tomsAdoption.awaitFrame(f -> true, WAIT);

      assertThat(adopted.event()).isEqualTo("pet.adopted");
      assertThat(adopted.json().path("data").path("adoptionId").asString()).isEqualTo(tomAdoption);
      assertThat(tomsAdoption.next(Duration.ofMillis(500))).isNull();
    }
  }

  @Test void an_unknown_type_is_answered_with_an_error_event_naming_it() throws Exception {
    try (EventStream wrong = EventStream.open(petStore.port(), "?types=pet.adopted,pet.exploded")) {
      EventStream.Frame error = wrong.next(WAIT);

      assertThat(error.event()).isEqualTo("error");
      assertThat(error.json().path("detail").asString()).startsWith("unknown event types: pet.exploded;");
    }
  }

  @Test void a_client_that_does_not_ask_for_an_event_stream_is_told_what_to_send() {
    var r = api.getRaw("/api/events/stream");

    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(r.body()).contains("Accept: text/event-stream");
  }

  @Test void a_quiet_stream_carries_heartbeat_comments() throws Exception {
    try (EventStream quiet = EventStream.open(petStore.port(), "?types=pet.returned")) {
      Thread.sleep(1_500);

      assertThat(quiet.receivedWithComments()).filteredOn(f -> "heartbeat".equals(f.comment())).hasSizeGreaterThanOrEqualTo(2);
      assertThat(quiet.received()).isEmpty();
    }
  }
}
