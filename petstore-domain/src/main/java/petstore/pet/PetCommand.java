package petstore.pet;

import java.time.Instant;
import java.util.Objects;
import petstore.adoption.AdoptionId;
import petstore.customer.CustomerId;
import petstore.shelter.ShelterId;

// Ids and time come in with the command: the caller owns the clock and the random source. Text fields
// stay as the client sent them (nullable, unchecked) so that decide can reject them with field errors.
public sealed interface PetCommand {
  PetId pet();

  Instant at();

  record RegisterPet(PetId pet, String name, String species, int age, ShelterId shelter, Instant at) implements PetCommand {
    public RegisterPet {
      Objects.requireNonNull(pet, "pet");
      Objects.requireNonNull(shelter, "shelter");
      Objects.requireNonNull(at, "at");
    }
  }

  record AdoptPet(PetId pet, AdoptionId adoption, CustomerId customer, Instant at) implements PetCommand {
    public AdoptPet {
      Objects.requireNonNull(pet, "pet");
      Objects.requireNonNull(adoption, "adoption");
      Objects.requireNonNull(customer, "customer");
      Objects.requireNonNull(at, "at");
    }
  }

  record ReturnPet(PetId pet, String reason, Instant at) implements PetCommand {
    public ReturnPet {
      Objects.requireNonNull(pet, "pet");
      Objects.requireNonNull(at, "at");
    }
  }

  record RenamePet(PetId pet, String newName, Instant at) implements PetCommand {
    public RenamePet {
      Objects.requireNonNull(pet, "pet");
      Objects.requireNonNull(at, "at");
    }
  }
}
