package eventkernel.messaging;

import eventkernel.store.StoredEvent;
import java.util.List;

/** Turns a stored domain event into the public messages it is announced as; internal events map to none. */
@FunctionalInterface
public interface MessageMapper {
  List<Message> map(StoredEvent event);
}
