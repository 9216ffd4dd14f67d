package petstore.app.adoptions.steps;

import eventkernel.aggregate.EventSourced;
import eventkernel.store.StreamId;
import java.util.List;
import petstore.customer.Customer;
import petstore.customer.CustomerCommand;
import petstore.customer.CustomerEvent;
import petstore.customer.CustomerId;
import petstore.pet.Pet;
import petstore.pet.PetCommand;
import petstore.pet.PetEvent;
import petstore.pet.PetId;
import petstore.shelter.Shelter;
import petstore.shelter.ShelterCommand;
import petstore.shelter.ShelterEvent;
import petstore.shelter.ShelterId;

/**
 * The services read who and what an adoption is about from the event store itself, never from a read
 * model that may lag behind the message.
 */
public final class Directory {
  private final EventSourced<PetCommand, Pet, PetEvent> pets;
  private final EventSourced<CustomerCommand, Customer, CustomerEvent> customers;
  private final EventSourced<ShelterCommand, Shelter, ShelterEvent> shelters;

  public Directory(EventSourced<PetCommand, Pet, PetEvent> pets, EventSourced<CustomerCommand, Customer, CustomerEvent> customers,
                   EventSourced<ShelterCommand, Shelter, ShelterEvent> shelters) {
    this.pets = pets;
    this.customers = customers;
    this.shelters = shelters;
  }

  public Pet pet(String id) {
    return pets.load(StreamId.of("pet", PetId.of(id))).state();
  }

  public List<PetEvent> petHistory(String id) {
    return pets.history(StreamId.of("pet", PetId.of(id)));
  }

  public Customer.Registered customer(String id) {
    if (customers.load(StreamId.of("customer", CustomerId.of(id))).state() instanceof Customer.Registered c) return c;
    throw new IllegalStateException("customer " + id + " is not registered");
  }

  public Shelter.Registered shelter(String id) {
    if (shelters.load(StreamId.of("shelter", ShelterId.of(id))).state() instanceof Shelter.Registered s) return s;
    throw new IllegalStateException("shelter " + id + " is not registered");
  }

  /** The pet's name and species whatever its state now (it may have been returned since). */
  public record PetFacts(String name, String species, java.time.Instant availableSince) {}

  /** The pet as it was when adoption {@code adoptionId} happened. */
  public PetFacts petAtAdoption(String petId, String adoptionId) {
    String name = null;
    String species = null;
    java.time.Instant since = null;
    for (PetEvent e : petHistory(petId)) {
      switch (e) {
        case PetEvent.PetRegistered r -> {
          name = r.name();
          species = r.species().wireName();
          since = r.at();
        }
        case PetEvent.PetNameChanged n -> name = n.newName();
        case PetEvent.PetReturned r -> since = r.at();
        case PetEvent.PetAdopted a -> {
          if (a.adoption().toString().equals(adoptionId)) return new PetFacts(name, species, since);
        }
      }
    }
    throw new IllegalStateException("pet " + petId + " has no adoption " + adoptionId);
  }
}
