package eventkernel.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DelayLadderTest {
  @ParameterizedTest(name = "{0} ms waits in the {1} queue")
  @CsvSource({
      "1, 10ms", "40, 50ms", "60, 50ms", "100, 100ms", "240, 200ms", "360, 500ms", "500, 500ms",
      "1600, 2s", "3200, 5s", "16000, 15s", "30000, 30s", "45000, 1m", "100000000, 24h"})
  void a_backoff_waits_in_the_queue_of_the_nearest_rung(long millis, String queue) {
    assertThat(DelayLadder.label(DelayLadder.nearest(Duration.ofMillis(millis)))).isEqualTo(queue);
  }
}
