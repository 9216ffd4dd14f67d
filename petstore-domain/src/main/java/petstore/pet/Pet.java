package petstore.pet;

import java.time.Instant;
import petstore.adoption.AdoptionId;
import petstore.customer.CustomerId;
import petstore.shelter.ShelterId;

public sealed interface Pet {
  record Unregistered() implements Pet {}

  record Available(PetId id, String name, Species species, int age, ShelterId shelter, Instant availableSince) implements Pet {
    Available withName(String newName) {
      return new Available(id, newName, species, age, shelter, availableSince);
    }

    Adopted adopted(AdoptionId adoption, CustomerId by, Instant at) {
      return new Adopted(id, name, species, age, shelter, adoption, by, at);
    }
  }

  record Adopted(PetId id, String name, Species species, int age, ShelterId shelter,
                 AdoptionId adoption, CustomerId by, Instant adoptedAt) implements Pet {
    Adopted withName(String newName) {
      return new Adopted(id, newName, species, age, shelter, adoption, by, adoptedAt);
    }

    Available returned(Instant at) {
      return new Available(id, name, species, age, shelter, at);
    }
  }
}
