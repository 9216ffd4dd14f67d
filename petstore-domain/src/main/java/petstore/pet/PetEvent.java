package petstore.pet;

import java.time.Instant;
import petstore.adoption.AdoptionId;
import petstore.customer.CustomerId;
import petstore.shelter.ShelterId;

public sealed interface PetEvent {
  PetId pet();

  Instant at();

  record PetRegistered(PetId pet, String name, Species species, int age, ShelterId shelter, Instant at) implements PetEvent {}

  record PetAdopted(PetId pet, AdoptionId adoption, CustomerId customer, Instant at) implements PetEvent {}

  // Carries the adoption it ends, so a reader of this event alone knows which adoption was undone.
  record PetReturned(PetId pet, AdoptionId adoption, String reason, Instant at) implements PetEvent {}

  record PetNameChanged(PetId pet, String newName, Instant at) implements PetEvent {}
}
