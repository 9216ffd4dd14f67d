package petstore.app.messages;

import eventkernel.aggregate.EventSourced;
import eventkernel.messaging.Message;
import eventkernel.messaging.MessageMapper;
import eventkernel.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import petstore.adoption.AdoptionEvent;
import petstore.app.codec.DomainEvents;
import petstore.pet.Pet;
import petstore.pet.PetCommand;
import petstore.pet.PetEvent;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the PetStore announces: each domain event that others may rely on becomes one or more public
 * messages (the AsyncAPI channels). Steps' attempts and the shelter's webhook secret stay inside.
 * Kafka keys: the pet's id, or the adoption's where no pet is involved.
 */
public final class PublicMessages implements MessageMapper {
  public static final String PET_REGISTERED = "pet.registered";
  public static final String PET_AVAILABLE = "pet.available";
  public static final String PET_ADOPTED = "pet.adopted";
  public static final String PET_RETURNED = "pet.returned";
  public static final String PET_RENAMED = "pet.renamed";
  public static final String ADOPTION_STEP_COMPLETED = "adoption.step-completed";
  public static final String ADOPTION_STEP_FAILED = "adoption.step-failed";
  public static final String ADOPTION_COMPLETED = "adoption.completed";
  public static final List<String> ALL = List.of(PET_REGISTERED, PET_AVAILABLE, PET_ADOPTED, PET_RETURNED, PET_RENAMED,
      ADOPTION_STEP_COMPLETED, ADOPTION_STEP_FAILED, ADOPTION_COMPLETED);

  private final DomainEvents events;
  private final EventSourced<PetCommand, Pet, PetEvent> pets;
  private final JsonMapper mapper;
  private final String publicUrl;

  /** @param publicUrl where clients reach this PetStore, for links in messages (e.g. http://localhost:8080) */
  public PublicMessages(DomainEvents events, EventSourced<PetCommand, Pet, PetEvent> pets, JsonMapper mapper, String publicUrl) {
    this.events = events;
    this.pets = pets;
    this.mapper = mapper;
    this.publicUrl = publicUrl;
  }

  @Override
  public List<Message> map(StoredEvent stored) {
    return switch (events.decode(stored)) {
      case PetEvent.PetRegistered e -> List.of(
          message(stored, PET_REGISTERED, e.pet().toString(), data(e.at())
              .put("petId", e.pet().toString()).put("name", e.name()).put("species", e.species().wireName())
              .put("age", e.age()).put("shelterId", e.shelter().toString())),
          message(stored, PET_AVAILABLE, e.pet().toString(), data(e.at())
              .put("petId", e.pet().toString()).put("species", e.species().wireName()).put("age", e.age())));
      case PetEvent.PetAdopted e -> {
        // The shelter is the pet's: the state at this version knows it.
        Pet.Adopted adopted = (Pet.Adopted) pets.loadAtVersion(stored.stream(), stored.version()).state();
        yield List.of(message(stored, PET_ADOPTED, e.pet().toString(), data(e.at())
            .put("adoptionId", e.adoption().toString()).put("petId", e.pet().toString())
            .put("customerId", e.customer().toString()).put("shelterId", adopted.shelter().toString())));
      }
      case PetEvent.PetReturned e -> {
        Pet.Available available = (Pet.Available) pets.loadAtVersion(stored.stream(), stored.version()).state();
        yield List.of(
            message(stored, PET_RETURNED, e.pet().toString(), data(e.at())
                .put("petId", e.pet().toString()).put("adoptionId", e.adoption().toString()).put("reason", e.reason())),
            message(stored, PET_AVAILABLE, e.pet().toString(), data(e.at())
                .put("petId", e.pet().toString()).put("species", available.species().wireName()).put("age", available.age())));
      }
      case PetEvent.PetNameChanged e -> List.of(message(stored, PET_RENAMED, e.pet().toString(), data(e.at())
          .put("petId", e.pet().toString()).put("newName", e.newName())));
      case AdoptionEvent.StepCompleted e -> List.of(message(stored, ADOPTION_STEP_COMPLETED, e.adoption().toString(), data(e.at())
          .put("adoptionId", e.adoption().toString()).put("step", e.step().wireName()).put("attempts", e.attempts())));
      case AdoptionEvent.StepFailed e -> List.of(message(stored, ADOPTION_STEP_FAILED, e.adoption().toString(), data(e.at())
          .put("adoptionId", e.adoption().toString()).put("step", e.step().wireName()).put("attempts", e.attempts())
          .put("reason", e.error())));
      case AdoptionEvent.AdoptionCompleted e -> {
        ObjectNode data = data(e.at()).put("adoptionId", e.adoption().toString())
            .put("certificateUrl", publicUrl + "/api/adoptions/" + e.adoption() + "/certificate.pdf");
        if (e.vetAppointmentDate() != null) data.put("vetAppointmentDate", e.vetAppointmentDate().toString());
        yield List.of(message(stored, ADOPTION_COMPLETED, e.adoption().toString(), data));
      }
      default -> List.of();
    };
  }

  private ObjectNode data(java.time.Instant at) {
    ObjectNode data = mapper.createObjectNode();
    data.put("timestamp", at.toString());
    return data;
  }

  private static Message message(StoredEvent stored, String type, String key, ObjectNode data) {
    // pet.available rides along with another message of the same event: its id is derived, the same every time.
    UUID id = type.equals(PET_AVAILABLE)
        ? UUID.nameUUIDFromBytes((stored.eventId() + "/" + type).getBytes(StandardCharsets.UTF_8))
        : stored.eventId();
    return new Message(type, id, stored.recordedAt(), key, data, stored.position());
  }
}
