package eventkernel.decider;

/** A read-side fold: evolve only. */
public interface View<S, E> {
  S evolve(S state, E event);

  S initial();
}
