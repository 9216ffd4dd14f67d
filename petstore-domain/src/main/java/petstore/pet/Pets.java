package petstore.pet;

import static eventkernel.decider.Decision.accept;
import static eventkernel.decider.Decision.reject;

import eventkernel.decider.Decider;
import eventkernel.decider.Decision;
import java.util.Optional;
import petstore.pet.Pet.Adopted;
import petstore.pet.Pet.Available;
import petstore.pet.Pet.Unregistered;
import petstore.pet.PetCommand.AdoptPet;
import petstore.pet.PetCommand.RegisterPet;
import petstore.pet.PetCommand.RenamePet;
import petstore.pet.PetCommand.ReturnPet;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetEvent.PetNameChanged;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetEvent.PetReturned;
import petstore.pet.PetRejection.AlreadyRegistered;
import petstore.pet.PetRejection.InvalidFields;
import petstore.pet.PetRejection.NotAdopted;
import petstore.pet.PetRejection.NotAvailable;
import petstore.pet.PetRejection.NotRegistered;
import petstore.validation.Checks;

// One pet's life: registered at a shelter, adopted, maybe returned, renamed along the way.
// Fields are checked before the state is consulted: a malformed request is malformed whatever the pet's state.
public final class Pets implements Decider<PetCommand, Pet, PetEvent> {
  public static final int MAX_NAME = 100;
  public static final int MAX_AGE = 100;
  public static final int MAX_RETURN_REASON = 500;

  @Override
  public Pet initial() {
    return new Unregistered();
  }

  @Override
  public Decision<PetEvent> decide(PetCommand command, Pet pet) {
    if (idOf(pet).filter(id -> !id.equals(command.pet())).isPresent()) {
      throw new IllegalArgumentException(command + " was routed to the stream of pet " + idOf(pet).get());
    }
    return switch (command) {
      case RegisterPet c -> register(c, pet);
      case AdoptPet c -> adopt(c, pet);
      case ReturnPet c -> giveBack(c, pet);
      case RenamePet c -> rename(c, pet);
    };
  }

  private static Decision<PetEvent> register(RegisterPet c, Pet pet) {
    Optional<Species> species = Species.parse(c.species());
    Checks checks = new Checks()
        .text("name", c.name(), MAX_NAME)
        .that(species.isPresent(), "species", "must be one of dog, cat, bird, rabbit")
        .range("age", c.age(), 0, MAX_AGE);
    if (checks.failed()) return reject(new InvalidFields(checks.errors()));
    if (!(pet instanceof Unregistered)) return reject(new AlreadyRegistered(c.pet()));
    return accept(new PetRegistered(c.pet(), c.name().strip(), species.get(), c.age(), c.shelter(), c.at()));
  }

  private static Decision<PetEvent> adopt(AdoptPet c, Pet pet) {
    return switch (pet) {
      case Unregistered u -> reject(new NotRegistered(c.pet()));
      case Adopted a -> reject(new NotAvailable(c.pet()));
      case Available a -> accept(new PetAdopted(c.pet(), c.adoption(), c.customer(), c.at()));
    };
  }

  private static Decision<PetEvent> giveBack(ReturnPet c, Pet pet) {
    Checks checks = new Checks().text("reason", c.reason(), MAX_RETURN_REASON);
    if (checks.failed()) return reject(new InvalidFields(checks.errors()));
    return switch (pet) {
      case Unregistered u -> reject(new NotRegistered(c.pet()));
      case Available a -> reject(new NotAdopted(c.pet()));
      case Adopted a -> accept(new PetReturned(c.pet(), a.adoption(), c.reason().strip(), c.at()));
    };
  }

  // Renaming to the current name is accepted with no event: a retried request succeeds again, and the
  // log records only changes.
  private static Decision<PetEvent> rename(RenamePet c, Pet pet) {
    Checks checks = new Checks().text("newName", c.newName(), MAX_NAME);
    if (checks.failed()) return reject(new InvalidFields(checks.errors()));
    String newName = c.newName().strip();
    Optional<String> current = switch (pet) {
      case Unregistered u -> Optional.empty();
      case Available a -> Optional.of(a.name());
      case Adopted a -> Optional.of(a.name());
    };
    if (current.isEmpty()) return reject(new NotRegistered(c.pet()));
    if (current.get().equals(newName)) return accept();
    return accept(new PetNameChanged(c.pet(), newName, c.at()));
  }

  @Override
  public Pet evolve(Pet pet, PetEvent event) {
    if (idOf(pet).filter(id -> !id.equals(event.pet())).isPresent()) throw impossible(pet, event);
    return switch (event) {
      case PetRegistered e when pet instanceof Unregistered ->
          new Available(e.pet(), e.name(), e.species(), e.age(), e.shelter(), e.at());
      case PetAdopted e when pet instanceof Available a -> a.adopted(e.adoption(), e.customer(), e.at());
      case PetReturned e when pet instanceof Adopted a && a.adoption().equals(e.adoption()) -> a.returned(e.at());
      case PetNameChanged e when pet instanceof Available a -> a.withName(e.newName());
      case PetNameChanged e when pet instanceof Adopted a -> a.withName(e.newName());
      default -> throw impossible(pet, event);
    };
  }

  // decide() never lets such a history through; meeting one means a bug or a corrupted stream.
  private static IllegalStateException impossible(Pet pet, PetEvent event) {
    return new IllegalStateException(event + " cannot follow " + pet);
  }

  private static Optional<PetId> idOf(Pet pet) {
    return switch (pet) {
      case Unregistered u -> Optional.empty();
      case Available a -> Optional.of(a.id());
      case Adopted a -> Optional.of(a.id());
    };
  }
}
