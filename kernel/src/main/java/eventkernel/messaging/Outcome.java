package eventkernel.messaging;

import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.util.List;

/**
 * The events a consumer records about what it did, appended to {@code stream}. Their ids must be derived
 * from the message, so recording the same outcome again is a no-op.
 */
public record Outcome(StreamId stream, List<NewEvent> events) {
  public static final Outcome NONE = new Outcome(null, List.of());

  public Outcome {
    events = List.copyOf(events);
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }
}
