package petstore.app.codec;

import eventkernel.codec.EventTypes;
import eventkernel.codec.StateCodec;
import petstore.adoption.AdoptionEvent;
import petstore.customer.CustomerEvent;
import petstore.customer.CustomerEvent.CustomerRegistered;
import petstore.pet.Pet;
import petstore.pet.PetEvent;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetEvent.PetNameChanged;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetEvent.PetReturned;
import petstore.shelter.ShelterEvent;
import petstore.shelter.ShelterEvent.ShelterRegistered;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

// The app's one JSON mapper and the codecs built on it. Type names are stored with every event and
// outlive class names: rename a class freely, never a type name (add an upcaster instead).
public final class PetStoreJson {
  private final JsonMapper mapper = JsonMapper.builder()
      .addModule(new PetStoreModule())
      .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private final EventTypes<PetEvent> petEvents = new EventTypes<PetEvent>(mapper)
      .register("PetRegistered", PetRegistered.class)
      .register("PetAdopted", PetAdopted.class)
      .register("PetReturned", PetReturned.class)
      .register("PetNameChanged", PetNameChanged.class)
      .upcast(PetRegisteredV0.TYPE, "PetRegistered", PetRegisteredV0::toCurrent);

  private final EventTypes<ShelterEvent> shelterEvents = new EventTypes<ShelterEvent>(mapper)
      .register("ShelterRegistered", ShelterRegistered.class);

  private final EventTypes<CustomerEvent> customerEvents = new EventTypes<CustomerEvent>(mapper)
      .register("CustomerRegistered", CustomerRegistered.class);

  private final EventTypes<AdoptionEvent> adoptionEvents = new EventTypes<AdoptionEvent>(mapper)
      .register("StepCompleted", AdoptionEvent.StepCompleted.class)
      .register("StepAttemptFailed", AdoptionEvent.StepAttemptFailed.class)
      .register("StepFailed", AdoptionEvent.StepFailed.class)
      .register("StepRetryRequested", AdoptionEvent.StepRetryRequested.class)
      .register("AdoptionCompleted", AdoptionEvent.AdoptionCompleted.class)
      .register("AdoptionCancelled", AdoptionEvent.AdoptionCancelled.class);

  private final StateCodec<Pet> petState = new PetStateCodec(mapper);

  public JsonMapper mapper() {
    return mapper;
  }

  public EventTypes<PetEvent> petEvents() {
    return petEvents;
  }

  public EventTypes<ShelterEvent> shelterEvents() {
    return shelterEvents;
  }

  public EventTypes<CustomerEvent> customerEvents() {
    return customerEvents;
  }

  public EventTypes<AdoptionEvent> adoptionEvents() {
    return adoptionEvents;
  }

  public StateCodec<Pet> petState() {
    return petState;
  }
}
