package eventkernel.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/**
 * Given/when/then for any {@link Decider}: the history is folded with {@code evolve}, the command goes
 * through {@code decide}, and the outcome is checked. Reads as a sentence:
 *
 * <pre>{@code
 * DeciderSpec.of(new Pets())
 *     .given(registered, adopted)
 *     .when(new AdoptPet(...))
 *     .thenRejected(NotAvailable.class);
 * }</pre>
 */
public final class DeciderSpec<C, S, E> {
  private final Decider<C, S, E> decider;

  private DeciderSpec(Decider<C, S, E> decider) {
    this.decider = decider;
  }

  public static <C, S, E> DeciderSpec<C, S, E> of(Decider<C, S, E> decider) {
    return new DeciderSpec<>(decider);
  }

  @SafeVarargs
  public final Given given(E... history) {
    return new Given(List.of(history));
  }

  public Given given(List<? extends E> history) {
    return new Given(List.copyOf(history));
  }

  /** No history: the command meets the initial state. */
  public Then when(C command) {
    return given(List.of()).when(command);
  }

  public final class Given {
    private final List<E> history;

    private Given(List<E> history) {
      this.history = history;
    }

    public Then when(C command) {
      S state = decider.fold(history);
      return new Then(history, command, decider.decide(command, state));
    }

    /** The history alone, folded: what {@code evolve} makes of it. */
    public Given thenState(S expected) {
      assertThat(decider.fold(history)).as("state after %s", history).isEqualTo(expected);
      return this;
    }

    /** {@code evolve} refuses the history: {@code decide} could never have produced it. */
    public void thenImpossible() {
      assertThatThrownBy(() -> decider.fold(history))
          .as("folding %s", history)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  public final class Then {
    private final List<E> history;
    private final C command;
    private final Decision<E> decision;

    private Then(List<E> history, C command, Decision<E> decision) {
      this.history = history;
      this.command = command;
      this.decision = decision;
    }

    @SafeVarargs
    public final Then thenEvents(E... expected) {
      assertThat(events()).as("events decided for %s", command).containsExactly(expected);
      return this;
    }

    /** Accepted, with nothing to record: the command was already satisfied. */
    public Then thenNoEvents() {
      assertThat(events()).as("events decided for %s", command).isEmpty();
      return this;
    }

    /** The state once the decided events are folded onto the history. */
    public Then thenState(S expected) {
      List<E> all = new ArrayList<>(history);
      all.addAll(events());
      assertThat(decider.fold(all)).as("state after %s", command).isEqualTo(expected);
      return this;
    }

    public <R extends Rejection> R thenRejected(Class<R> expected) {
      if (!(decision instanceof Decision.Rejected<E> rejected)) {
        return fail("expected %s to be rejected with %s, but it was accepted with %s",
            command, expected.getSimpleName(), ((Decision.Accepted<E>) decision).events());
      }
      assertThat(rejected.rejection()).as("rejection of %s", command).isInstanceOf(expected);
      return expected.cast(rejected.rejection());
    }

    public Then thenRejected(Rejection expected) {
      assertThat(thenRejected(Rejection.class)).as("rejection of %s", command).isEqualTo(expected);
      return this;
    }

    private List<E> events() {
      if (decision instanceof Decision.Rejected<E> rejected) {
        return fail("expected %s to be accepted, but it was rejected: %s (%s)",
            command, rejected.rejection(), rejected.rejection().reason());
      }
      return ((Decision.Accepted<E>) decision).events();
    }
  }
}
