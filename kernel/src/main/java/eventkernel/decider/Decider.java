package eventkernel.decider;

import java.util.List;

/**
 * An aggregate as three pure functions: {@code decide} holds the rules, {@code evolve} folds an event
 * into the state, {@code initial} is the state before any event. No clock, random source or I/O.
 */
public interface Decider<C, S, E> {
  Decision<E> decide(C command, S state);

  S evolve(S state, E event);

  S initial();

  default S fold(List<? extends E> events) {
    return fold(initial(), events);
  }

  default S fold(S state, List<? extends E> events) {
    for (E event : events) state = evolve(state, event);
    return state;
  }
}
