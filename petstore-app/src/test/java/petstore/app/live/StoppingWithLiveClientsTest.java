package petstore.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.PetStore;
import petstore.app.config.Config;

/** Stopping the PetStore ends its live streams: each client hears why, and no client loop outlives it. */
class StoppingWithLiveClientsTest {
  @TempDir Path data;

  @Test
  void a_client_connected_when_the_petstore_stops_is_told_the_stream_ends() throws Exception {
    PetStore petStore = PetStore.start(Config.embedded(data, 0));
    try (EventStream stream = EventStream.open(petStore.port(), "")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !stream.receivedWithComments().isEmpty());

      petStore.close();

      EventStream.Frame last = stream.awaitFrame(f -> "dropped".equals(f.event()), Duration.ofSeconds(10));
      assertThat(last.data()).contains("stopping");
      await().atMost(Duration.ofSeconds(10)).until(stream::ended);
    }
  }
}
