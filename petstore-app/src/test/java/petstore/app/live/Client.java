package petstore.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The few API calls the live-stream tests make to put events into the log. */
final class Client {
  /** How long a step may take on a loaded machine before a test gives up. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  Client(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  JsonNode get(String path) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve(path)).GET());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return EventStream.JSON.readTree(r.body());
  }

  /** A GET as it comes, whatever its status. */
  HttpResponse<String> getRaw(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  JsonNode post(String path, Map<String, ?> body, int expectedStatus) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(EventStream.JSON.writeValueAsString(body))));
    assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(expectedStatus);
    return EventStream.JSON.readTree(r.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String registerShelter(String name) {
    return post("/api/commands/register-shelter", Map.of("name", name, "city", "Oslo"), 201).path("shelterId").asString();
  }

  String registerCustomer(String name) {
    return post("/api/commands/register-customer", Map.of("name", name, "email", name.toLowerCase() + "@example.org"), 201)
        .path("customerId").asString();
  }

  String registerPet(String name, String shelterId) {
    return post("/api/commands/register-pet", Map.of("name", name, "species", "cat", "age", 2, "shelterId", shelterId), 201)
        .path("petId").asString();
  }

  String adopt(String petId, String customerId) {
    return post("/api/adoptions", Map.of("petId", petId, "customerId", customerId), 202).path("adoptionId").asString();
  }

  void awaitCompleted(String adoptionId) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
        .until(() -> get("/api/adoptions/" + adoptionId).path("status").asString(), "completed"::equals);
  }

  long headPosition() {
    return get("/ready").path("store").path("headPosition").asLong();
  }

  /** A counter or gauge from {@code /metrics}, 0 when absent. */
  double metric(String name) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/metrics")).GET());
    for (String line : r.body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return 0;
  }
}
