package eventkernel.decider;

import java.util.List;

/** What {@code decide} answers: the events to append, or why not. */
public sealed interface Decision<E> {
  record Accepted<E>(List<E> events) implements Decision<E> {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected<E>(Rejection rejection) implements Decision<E> {}

  @SafeVarargs
  static <E> Decision<E> accept(E... events) {
    return new Accepted<>(List.of(events));
  }

  static <E> Decision<E> reject(Rejection rejection) {
    return new Rejected<>(rejection);
  }
}
