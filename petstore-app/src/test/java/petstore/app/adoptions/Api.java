package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The PetStore's HTTP API as a client sees it: JSON in; status, headers and body out. */
final class Api {
  /** How long the adoption workflow may take on a loaded machine before a test gives up. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  static final JsonMapper JSON = JsonMapper.builder().build();

  record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return JSON.readTree(bytes);
    }

    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + contentType() + " " + text();
    }
  }

  private final URI base;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  Api(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Response post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) request.header("Content-Type", contentType);
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    return send(request);
  }

  Response post(String path, Map<String, ?> body, String... headers) {
    return post(path, "application/json", JSON.writeValueAsString(body), headers);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.build().uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // --- what a user does before adopting ------------------------------------------------------------------

  /** {shelterId, webhookSecret?} */
  JsonNode registerShelter(String name, String city, String webhookUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("city", city);
    if (webhookUrl != null) body.put("webhookUrl", webhookUrl);
    return created(post("/api/commands/register-shelter", body));
  }

  String registerCustomer(String name, String email) {
    return created(post("/api/commands/register-customer", Map.of("name", name, "email", email))).path("customerId").asString();
  }

  String registerPet(String name, String species, int age, String shelterId) {
    return created(post("/api/commands/register-pet", Map.of("name", name, "species", species, "age", age, "shelterId", shelterId)))
        .path("petId").asString();
  }

  private static JsonNode created(Response r) {
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json();
  }

  Response adopt(String petId, String customerId, String... headers) {
    return post("/api/adoptions", Map.of("petId", petId, "customerId", customerId), headers);
  }

  /** Adopts and returns the adoption's id, asserting the 202. */
  String adopted(String petId, String customerId) {
    Response r = adopt(petId, customerId);
    assertThat(r.status()).as("%s", r).isEqualTo(202);
    return r.json().path("adoptionId").asString();
  }

  JsonNode adoption(String adoptionId) {
    Response r = get("/api/adoptions/" + adoptionId);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json();
  }

  /** Waits until the adoption reaches {@code status}; fails at once if it ends completed or cancelled instead. */
  JsonNode awaitAdoption(String adoptionId, String status) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .failFast("the adoption ended otherwise", () -> {
          if (last.get() != null) assertThat(last.get().path("status").asString()).as("adoption %s", last.get())
              .isIn(status, "processing", "failed");
        })
        .untilAsserted(() -> {
          last.set(adoption(adoptionId));
          assertThat(last.get().path("status").asString()).as("adoption %s", last.get()).isEqualTo(status);
        });
    return last.get();
  }

  JsonNode step(String adoptionId, String step) {
    return adoption(adoptionId).path("steps").path(step);
  }

  /** The event store's head: grows with every event appended, whoever appends it. */
  long headPosition() {
    Response r = get("/ready");
    return r.json().path("store").path("headPosition").asLong();
  }
}
