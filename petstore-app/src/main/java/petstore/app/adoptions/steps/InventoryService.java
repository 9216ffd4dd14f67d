package petstore.app.adoptions.steps;

import static eventkernel.sql.Jdbc.update;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;
import petstore.app.messages.PublicMessages;
import petstore.pet.Pet;

/** Step 4: counts per shelter and species of available and adopted pets. */
public final class InventoryService extends StepService<String[]> {
  private final Directory directory;

  public InventoryService(Directory directory, PetStoreJson json, Clock clock) {
    super(Step.INVENTORY, json, clock);
    this.directory = directory;
  }

  @Override
  public List<String> listensTo() {
    return List.of(PublicMessages.PET_REGISTERED, PublicMessages.PET_ADOPTED, PublicMessages.PET_RETURNED);
  }

  /** {shelter, species} of the pet in the message. */
  @Override
  public String[] act(Message m) {
    if (m.type().equals(PublicMessages.PET_REGISTERED)) return new String[] {text(m, "shelterId"), text(m, "species")};
    return switch (directory.pet(text(m, "petId"))) {
      case Pet.Available a -> new String[] {a.shelter().toString(), a.species().wireName()};
      case Pet.Adopted a -> new String[] {a.shelter().toString(), a.species().wireName()};
      case Pet.Unregistered u -> throw new IllegalStateException("pet " + text(m, "petId") + " is not registered");
    };
  }

  @Override
  public Outcome record(Message m, String[] pet, int attempt, Connection tx) throws SQLException {
    int available = 0;
    int adopted = 0;
    switch (m.type()) {
      case PublicMessages.PET_REGISTERED -> available = 1;
      case PublicMessages.PET_ADOPTED -> {
        available = -1;
        adopted = 1;
      }
      case PublicMessages.PET_RETURNED -> {
        available = 1;
        adopted = -1;
      }
      default -> { }
    }
    update(tx, """
        INSERT INTO inventory (shelter_id, species, available, adopted) VALUES (?, ?, ?, ?)
        ON CONFLICT (shelter_id, species) DO UPDATE SET available = inventory.available + excluded.available,
          adopted = inventory.adopted + excluded.adopted""", pet[0], pet[1], available, adopted);
    return m.type().equals(PublicMessages.PET_ADOPTED) ? done(m, attempt, Map.of()) : Outcome.NONE;
  }
}
