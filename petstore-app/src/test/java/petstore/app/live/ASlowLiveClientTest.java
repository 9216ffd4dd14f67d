package petstore.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.PetStore;
import petstore.app.config.Config;

/**
 * One client stops reading; the other reads everything. The PetStore drops the first once its queue of
 * 1,000 events is full and keeps the second fed, without a gap.
 */
class ASlowLiveClientTest {
  static final int MOST_EVENTS = 30_000;
  /** The longest name a pet may have, in four-byte characters: fewer events fill the socket's buffers. */
  static final String LONG_NAME = "\uD83D\uDC08".repeat(100);

  @Test void a_client_that_stops_reading_is_dropped_while_a_fast_one_receives_every_event(@TempDir Path data) throws Exception {
    try (PetStore petStore = PetStore.start(Config.embedded(data, 0));
         Socket slow = new Socket()) {
      Client api = new Client(petStore.port());
      String shelter = api.registerShelter("Happy Paws");
      // A window of a few KiB, and nobody reading: the server's writes back up almost at once.
      slow.setReceiveBufferSize(2048);
      slow.connect(new InetSocketAddress("127.0.0.1", petStore.port()), 10_000);
      slow.getOutputStream().write(("GET /api/events/stream HTTP/1.0\r\nHost: 127.0.0.1\r\n"
          + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      try (EventStream fast = EventStream.open(petStore.port(), "")) {
        await().atMost(Client.PATIENCE).until(() -> api.metric("petstore_live_clients") == 2);

        Set<String> registered = ConcurrentHashMap.newKeySet();
        AtomicBoolean dropped = new AtomicBoolean();
        AtomicInteger posted = new AtomicInteger();
        try (var posting = Executors.newFixedThreadPool(4)) {
          for (int t = 0; t < 4; t++) {
            posting.submit(() -> {
              while (!dropped.get() && registered.size() < MOST_EVENTS) {
                registered.add(api.registerPet(LONG_NAME, shelter));
                if (posted.incrementAndGet() % 200 == 0 && api.metric("petstore_live_dropped_total") >= 1) dropped.set(true);
              }
              return null;
            });
          }
        }
        await().atMost(Client.PATIENCE).until(() -> api.metric("petstore_live_dropped_total") == 1);
        // Life goes on for the fast client after the slow one is gone.
        for (int i = 0; i < 5; i++) registered.add(api.registerPet("After", shelter));

        await().atMost(Client.PATIENCE).until(() -> fast.received().size() >= 2 * registered.size());
        List<String> got = fast.received().stream().filter(f -> f.event().equals("pet.registered"))
            .map(f -> f.json().path("data").path("petId").asString()).toList();
        assertThat(got).doesNotHaveDuplicates();
        assertThat(Set.copyOf(got)).isEqualTo(registered);
        assertThat(fast.ended()).isFalse();

        String slowGot = readToTheEnd(slow, Duration.ofSeconds(60));
        int slowEvents = count(slowGot, "event: pet.registered\n");
        assertThat(slowGot).as("the slow client's last frame").endsWith("event: dropped\ndata: {\"reason\":\"client too slow: more than 1000 events waiting\"}\n\n");
        assertThat(slowEvents).isLessThan(registered.size()).isGreaterThanOrEqualTo(1000);
        await().atMost(Client.PATIENCE).until(() -> api.metric("petstore_live_clients") == 1);
      }
    }
  }

  /** Everything the server sent until it closed the connection. */
  static String readToTheEnd(Socket socket, Duration patience) throws Exception {
    socket.setSoTimeout((int) patience.toMillis());
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) all.write(buffer, 0, n);
    return all.toString(StandardCharsets.UTF_8);
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
    return n;
  }
}
