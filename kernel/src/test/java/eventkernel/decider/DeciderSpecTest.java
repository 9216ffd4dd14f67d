package eventkernel.decider;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The spec must fail when the decider disagrees, or a green domain suite would prove nothing. */
class DeciderSpecTest {
  record Add(int amount) {}

  record Added(int amount) {}

  record TooMuch(int limit) implements Rejection {
    public String reason() {
      return "over " + limit;
    }
  }

  /** A counter that refuses to pass 10 and ignores adding zero. */
  static final class Counter implements Decider<Add, Integer, Added> {
    public Decision<Added> decide(Add command, Integer total) {
      if (command.amount() == 0) return Decision.accept();
      if (total + command.amount() > 10) return Decision.reject(new TooMuch(10));
      return Decision.accept(new Added(command.amount()));
    }

    public Integer evolve(Integer total, Added event) {
      if (event.amount() <= 0) throw new IllegalStateException("cannot add " + event.amount());
      return total + event.amount();
    }

    public Integer initial() {
      return 0;
    }
  }

  final DeciderSpec<Add, Integer, Added> counter = DeciderSpec.of(new Counter());

  @Nested
  class Passes {
    @Test void when_the_events_match() {
      counter.given(new Added(3)).when(new Add(4)).thenEvents(new Added(4)).thenState(7);
    }

    @Test void when_the_rejection_matches_by_type_or_value() {
      counter.given(new Added(9)).when(new Add(2)).thenRejected(TooMuch.class);
      counter.given(List.of(new Added(9))).when(new Add(2)).thenRejected(new TooMuch(10));
    }

    @Test void when_nothing_is_decided_and_none_was_expected() {
      counter.when(new Add(0)).thenNoEvents().thenState(0);
    }

    @Test void when_the_history_is_impossible_and_said_so() {
      counter.given(new Added(-1)).thenImpossible();
    }
  }

  @Nested
  class Fails {
    @Test void when_other_events_are_decided() {
      assertThatThrownBy(() -> counter.when(new Add(1)).thenEvents(new Added(2))).isInstanceOf(AssertionError.class);
    }

    @Test void when_a_rejection_was_expected_but_the_command_was_accepted() {
      assertThatThrownBy(() -> counter.when(new Add(1)).thenRejected(TooMuch.class))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("accepted");
    }

    @Test void when_events_were_expected_but_the_command_was_rejected() {
      assertThatThrownBy(() -> counter.given(new Added(10)).when(new Add(1)).thenEvents(new Added(1)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("over 10");
    }

    @Test void when_the_state_differs() {
      assertThatThrownBy(() -> counter.given(new Added(1)).when(new Add(1)).thenState(3)).isInstanceOf(AssertionError.class);
    }

    @Test void when_a_possible_history_is_called_impossible() {
      assertThatThrownBy(() -> counter.given(new Added(1)).thenImpossible()).isInstanceOf(AssertionError.class);
    }
  }
}
