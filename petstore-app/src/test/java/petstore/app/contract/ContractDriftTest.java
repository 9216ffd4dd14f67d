package petstore.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.aggregate.EventSourced;
import eventkernel.aggregate.Outcome;
import eventkernel.messaging.Message;
import eventkernel.sqlite.SqliteEventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.adoption.AdoptionEvent;
import petstore.adoption.AdoptionId;
import petstore.adoption.Step;
import petstore.app.adoptions.steps.AnalyticsService;
import petstore.app.adoptions.steps.CertificateService;
import petstore.app.adoptions.steps.EmailService;
import petstore.app.adoptions.steps.InventoryService;
import petstore.app.adoptions.steps.PetStatusService;
import petstore.app.adoptions.steps.ShelterNotificationService;
import petstore.app.adoptions.steps.StepService;
import petstore.app.adoptions.steps.VetAppointmentService;
import petstore.app.adoptions.steps.WelcomePackageService;
import petstore.app.codec.DomainEvents;
import petstore.app.codec.PetStoreJson;
import petstore.app.messages.PublicMessages;
import petstore.customer.CustomerId;
import petstore.pet.PetCommand;
import petstore.pet.PetId;
import petstore.pet.Pets;
import petstore.shelter.ShelterId;
import tools.jackson.databind.JsonNode;

/**
 * The document and the code must not drift apart, either way: what the code publishes or consumes is in
 * the document, what the document promises has a producer or consumer in the code, the messages the code
 * really produces hold to the document, and the document's examples hold to its own schemas.
 */
class ContractDriftTest {
  static final PetStoreJson json = new PetStoreJson();
  static final AsyncApiDocument document = AsyncApiDocument.fromClasspath();
  static final AsyncApiContract contract = new AsyncApiContract(document, json.mapper());

  @TempDir Path dir;
  SqliteEventStore store;

  @BeforeEach
  void open() {
    store = SqliteEventStore.open(dir.resolve("events.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Every step service as PetStore builds it; what they consume is all that matters here. */
  static List<StepService<?>> services() {
    Clock clock = Clock.systemUTC();
    return List.of(
        new PetStatusService(null, json, clock),
        new EmailService(null, null, json, clock),
        new ShelterNotificationService(null, null, json, clock),
        new InventoryService(null, json, clock),
        new CertificateService(null, null, json, clock),
        new VetAppointmentService(null, json, clock),
        new WelcomePackageService(json, clock),
        new AnalyticsService(null, json, clock));
  }

  static Map<String, List<String>> listeners() {
    Map<String, List<String>> listeners = new LinkedHashMap<>();
    for (StepService<?> s : services()) listeners.put(s.name(), s.listensTo());
    return listeners;
  }

  /** What differs between the document and the code, in words; empty when they agree. */
  static List<String> drift(AsyncApiDocument doc, List<String> published, Map<String, List<String>> listeners) {
    List<String> findings = new ArrayList<>();
    Set<String> addresses = new LinkedHashSet<>();
    doc.channels().forEach(c -> addresses.add(c.address()));
    List<AsyncApiDocument.Operation> ops = doc.operations();

    for (String type : published) {
      if (!addresses.contains(type)) findings.add("the code publishes " + type + " but the document has no channel for it");
      else if (ops.stream().noneMatch(o -> o.sends() && o.channelAddress().equals(type))) {
        findings.add("the relay publishes " + type + " but the document has no send operation for it");
      }
    }
    listeners.forEach((service, types) -> {
      for (String type : types) {
        if (!addresses.contains(type)) findings.add(service + " listens to " + type + " but the document has no channel for it");
        else if (ops.stream().noneMatch(o -> !o.sends() && o.service().equals(service) && o.channelAddress().equals(type))) {
          findings.add(service + " listens to " + type + " but the document has no receive operation for it");
        }
      }
    });
    for (String address : addresses) {
      boolean consumed = listeners.values().stream().anyMatch(types -> types.contains(address));
      if (!published.contains(address) && !consumed) findings.add("channel " + address + " has no producer or consumer in the code");
    }
    for (AsyncApiDocument.Operation o : ops) {
      if (o.sends() && !published.contains(o.channelAddress())) {
        findings.add("operation " + o.id() + " sends " + o.channelAddress() + ", which the code never publishes");
      }
      if (!o.sends() && !listeners.getOrDefault(o.service(), List.of()).contains(o.channelAddress())) {
        findings.add("operation " + o.id() + ": no service '" + o.service() + "' in the code listens to " + o.channelAddress());
      }
    }
    return findings;
  }

  @Test
  void the_services_are_one_per_adoption_step() {
    assertThat(services()).extracting(StepService::name)
        .containsExactlyInAnyOrderElementsOf(Stream.of(Step.values()).map(Step::wireName).toList());
  }

  @Test
  void the_document_and_the_code_agree_on_channels_and_operations() {
    assertThat(drift(document, PublicMessages.ALL, listeners())).isEmpty();
    assertThat(document.channels()).extracting(AsyncApiDocument.Channel::address).containsExactlyInAnyOrderElementsOf(PublicMessages.ALL);
  }

  @Test
  void a_message_type_the_document_lacks_is_found() {
    List<String> published = new ArrayList<>(PublicMessages.ALL);
    published.add("pet.groomed");
    Map<String, List<String>> listeners = listeners();
    listeners.put("grooming", List.of("pet.groomed"));
    assertThat(drift(document, published, listeners)).containsExactly(
        "the code publishes pet.groomed but the document has no channel for it",
        "grooming listens to pet.groomed but the document has no channel for it");
  }

  @Test
  void a_listener_without_a_receive_operation_is_found() {
    Map<String, List<String>> listeners = listeners();
    listeners.put("analytics", List.of(PublicMessages.PET_ADOPTED, PublicMessages.PET_RENAMED));
    assertThat(drift(document, PublicMessages.ALL, listeners))
        .containsExactly("analytics listens to pet.renamed but the document has no receive operation for it");
  }

  @Test
  void a_channel_or_operation_nothing_in_the_code_produces_or_consumes_is_found() {
    List<String> published = PublicMessages.ALL.stream().filter(t -> !t.equals(PublicMessages.PET_RENAMED)).toList();
    Map<String, List<String>> listeners = listeners();
    listeners.remove("certificate");
    assertThat(drift(document, published, listeners)).containsExactlyInAnyOrder(
        "channel pet.renamed has no producer or consumer in the code",
        "operation publishPetRenamed sends pet.renamed, which the code never publishes",
        "operation certificateReceivesPetAdopted: no service 'certificate' in the code listens to pet.adopted");
  }

  @Test
  void each_receive_operation_names_its_services_queue() {
    for (AsyncApiDocument.Operation o : document.operations()) {
      if (o.sends()) {
        assertThat(o.service()).isEqualTo(AsyncApiDocument.RELAY);
        assertThat(o.bindings().path("amqp").path("deliveryMode").asInt()).as(o.id()).isEqualTo(2);
      } else {
        assertThat(o.service()).as(o.id()).isNotBlank();
        assertThat(o.bindings().path("amqp").path("x-queue").path("name").asString()).as(o.id())
            .isEqualTo(o.service() + "." + o.channelAddress());
      }
    }
  }

  @Test
  void the_messages_the_code_really_produces_hold_to_the_document() {
    List<Message> messages = realMessages();

    assertThat(messages).extracting(Message::type).containsAll(PublicMessages.ALL);
    for (Message m : messages) {
      assertThat(contract.problems(m)).as(m.type() + " " + m.bodyText(json.mapper())).isEmpty();
    }
  }

  @Test
  void every_example_in_the_document_holds_to_its_own_schema() {
    int checked = 0;
    for (AsyncApiDocument.Channel channel : document.channels()) {
      for (AsyncApiDocument.Message message : channel.messages()) {
        assertThat(message.examples()).as(message.name() + " has an example").isNotEmpty();
        for (JsonNode example : message.examples()) {
          String what = message.name() + " example " + example.path("name").asString();
          assertThat(contract.problems(channel.address(), example.path("payload"))).as(what + " payload").isEmpty();
          assertThat(contract.problemsAgainst(message.headers(), example.path("headers"))).as(what + " headers").isEmpty();
          checked++;
        }
      }
    }
    // Schemas' own examples, wherever they sit: components, properties, bindings.
    List<JsonNode> schemas = new ArrayList<>();
    collectSchemasWithExamples(document.tree(), schemas);
    assertThat(schemas).isNotEmpty();
    for (JsonNode schema : schemas) {
      for (JsonNode example : schema.path("examples")) {
        assertThat(contract.problemsAgainst(schema, example)).as(example + " against " + schema).isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(PublicMessages.ALL.size());
  }

  @Test
  void an_example_that_breaks_its_schema_is_found() {
    String broken = document.text().replaceFirst("species: 'dog'", "species: 'fish'");
    AsyncApiDocument doc = AsyncApiDocument.parse(broken);
    AsyncApiContract brokenContract = new AsyncApiContract(doc, json.mapper());
    JsonNode example = doc.channels().stream().filter(c -> c.address().equals(PublicMessages.PET_REGISTERED)).findFirst().orElseThrow()
        .messages().getFirst().examples().getFirst();
    assertThat(brokenContract.problems(PublicMessages.PET_REGISTERED, example.path("payload"))).singleElement().asString().contains("species");
  }

  // A schema is an object with a type and examples; message objects have examples but no type.
  private static void collectSchemasWithExamples(JsonNode node, List<JsonNode> into) {
    if (node.isObject() && node.has("type") && node.path("examples").isArray()) into.add(node);
    if (node.isContainer()) for (JsonNode child : node) collectSchemasWithExamples(child, into);
  }

  // --- real messages: domain events through the real store and the relay's own mapper ---

  private List<Message> realMessages() {
    Clock clock = Clock.systemUTC();
    var pets = new EventSourced<>(store, new Pets(), json.petEvents(), json.petState(), 100, clock);
    PublicMessages mapper = new PublicMessages(new DomainEvents(json), pets, json.mapper(), "http://localhost:8080");
    ShelterId shelter = ShelterId.of(UUID.randomUUID().toString());
    CustomerId alice = CustomerId.of(UUID.randomUUID().toString());
    Instant at = Instant.parse("2026-03-13T10:00:00.123456789Z");

    String[] species = {"dog", "Cat", "bird", "rabbit"};
    for (int i = 0; i < species.length; i++) {
      PetId pet = PetId.of(UUID.randomUUID().toString());
      StreamId stream = StreamId.of("pet", pet);
      AdoptionId first = AdoptionId.of(UUID.randomUUID().toString());
      handled(pets.handle(stream, new PetCommand.RegisterPet(pet, i == 0 ? "Bjørk 🐕" : "Rex", species[i], i * 7, shelter, at), null, Metadata.NONE));
      handled(pets.handle(stream, new PetCommand.RenamePet(pet, "Max", at.plusSeconds(1)), null, Metadata.NONE));
      handled(pets.handle(stream, new PetCommand.AdoptPet(pet, first, alice, at.plusSeconds(2)), null, Metadata.NONE));
      handled(pets.handle(stream, new PetCommand.ReturnPet(pet, "allergies", at.plusSeconds(3)), null, Metadata.NONE));
      handled(pets.handle(stream, new PetCommand.AdoptPet(pet, AdoptionId.of(UUID.randomUUID().toString()), alice, at.plusSeconds(4)), null, Metadata.NONE));
    }
    // A pet registered before ages were recorded: the v0 payload, read through the upcaster.
    PetId old = PetId.of(UUID.randomUUID().toString());
    store.append(StreamId.of("pet", old), ExpectedVersion.noStream(), List.of(new NewEvent("PetRegistered.v0",
        "{\"pet\":\"" + old + "\",\"petName\":\"Rex\",\"species\":\"dog\",\"shelter\":\"" + shelter + "\",\"at\":\"2019-06-01T12:00:00Z\"}")));

    AdoptionId adoption = AdoptionId.of(UUID.randomUUID().toString());
    List<AdoptionEvent> adoptionEvents = new ArrayList<>();
    for (Step step : Step.values()) adoptionEvents.add(new AdoptionEvent.StepCompleted(adoption, step, 1 + step.ordinal() % 3, Map.of("k", "v"), at));
    adoptionEvents.add(new AdoptionEvent.StepAttemptFailed(adoption, Step.EMAIL, 1, "SMTP down", at));
    adoptionEvents.add(new AdoptionEvent.StepFailed(adoption, Step.SHELTER_NOTIFICATION, 5, "HTTP 503", at));
    adoptionEvents.add(new AdoptionEvent.AdoptionCompleted(adoption, "/api/adoptions/" + adoption + "/certificate.pdf",
        Instant.parse("2026-03-16T08:00:00Z"), at));
    adoptionEvents.add(new AdoptionEvent.AdoptionCompleted(AdoptionId.of(UUID.randomUUID().toString()), null, null, at));
    for (AdoptionEvent e : adoptionEvents) {
      store.append(StreamId.of("adoption", e.adoption()), ExpectedVersion.any(),
          List.of(new NewEvent(json.adoptionEvents().typeOf(e), json.adoptionEvents().payloadOf(e))));
    }

    List<Message> messages = new ArrayList<>();
    for (StoredEvent e : store.readAll(0, 10_000)) messages.addAll(mapper.map(e));
    return messages;
  }

  private static void handled(Outcome<?, ?> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Appended.class);
  }
}
