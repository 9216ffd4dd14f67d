package eventkernel.aggregate;

import eventkernel.decider.Rejection;
import eventkernel.store.AppendResult;
import java.util.List;

/** How handling one command ended. */
public sealed interface Outcome<S, E> {
  record Appended<S, E>(S state, List<E> events, AppendResult result) implements Outcome<S, E> {}

  record Rejected<S, E>(Rejection rejection, long version) implements Outcome<S, E> {}
}
