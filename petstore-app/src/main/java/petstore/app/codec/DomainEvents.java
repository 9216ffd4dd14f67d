package petstore.app.codec;

import eventkernel.codec.EventTypes;
import eventkernel.store.StoredEvent;
import eventkernel.store.UnknownEventType;
import java.util.List;

/** Decodes any stored PetStore event, whichever family it belongs to; read models switch on the result. */
public final class DomainEvents {
  private final List<EventTypes<?>> families;

  public DomainEvents(PetStoreJson json) {
    this.families = List.of(json.petEvents(), json.shelterEvents(), json.customerEvents(), json.adoptionEvents());
  }

  public Object decode(StoredEvent stored) {
    for (EventTypes<?> family : families) {
      if (family.knows(stored.type())) return family.decode(stored);
    }
    throw new UnknownEventType(stored.type(), stored.stream());
  }
}
