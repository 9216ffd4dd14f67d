package eventkernel.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyHoldsTest {
  final KeyHolds holds = new KeyHolds();
  final UUID first = UUID.randomUUID();
  final UUID second = UUID.randomUUID();
  final UUID third = UUID.randomUUID();
  final Duration rung = Duration.ofMillis(500);

  @Test
  void a_key_nothing_waits_in_is_free() {
    assertThat(holds.mustWait("k", first, 0)).isFalse();
  }

  @Test
  void later_messages_of_a_retrying_key_wait_and_go_in_their_order_once_it_is_done() {
    holds.retrying("k", first, rung, 0);
    assertThat(holds.mustWait("k", second, 10)).isTrue();
    assertThat(holds.mustWait("k", third, 20)).isTrue();
    assertThat(holds.rung("k")).isEqualTo(rung);
    assertThat(holds.mustWait("other", UUID.randomUUID(), 30)).as("other keys flow").isFalse();

    assertThat(holds.mustWait("k", first, 500)).as("the retrying one comes back and goes").isFalse();
    holds.release("k", first);
    assertThat(holds.mustWait("k", third, 520)).as("not before the one ahead of it").isTrue();
    assertThat(holds.mustWait("k", second, 530)).isFalse();
    holds.release("k", second);
    assertThat(holds.mustWait("k", third, 540)).isFalse();
    holds.release("k", third);
    assertThat(holds.heldKeys()).isZero();
  }

  @Test
  void a_key_stops_waiting_for_a_message_that_does_not_come_back_in_time() {
    holds.retrying("k", first, rung, 0);
    assertThat(holds.mustWait("k", second, 10)).isTrue();

    long overdue = 2 * rung.toMillis() + KeyHolds.GRACE.toMillis() + 1;
    assertThat(holds.mustWait("k", second, overdue)).as("the first went to another process").isFalse();
  }
}
