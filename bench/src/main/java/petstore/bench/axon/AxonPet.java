package petstore.bench.axon;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** The pet as an Axon event-sourced aggregate: the same state the kernel's Pet holds, evolved the same way. */
public class AxonPet {
  @AggregateIdentifier
  private String id;
  private String name;
  private String species;
  private int age;
  private String shelterId;
  private String availableSince;

  public AxonPet() {}

  @EventSourcingHandler
  void on(AxonEvents.PetRegistered e) {
    id = e.petId();
    name = e.name();
    species = e.species();
    age = e.age();
    shelterId = e.shelterId();
    availableSince = e.at();
  }

  @EventSourcingHandler
  void on(AxonEvents.PetRenamed e) {
    name = e.newName();
  }

  public String name() {
    return name;
  }
}
