package petstore.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A PetStore client as a user's program would be: plain HTTP and JSON, nothing of the app's own code. */
final class Api {
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** One answer, read the way a client reads it. */
  record Answer(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
    }
  }

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final URI base;

  Api(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  static String json(Map<String, ?> body) {
    return JSON.writeValueAsString(body);
  }

  Answer get(String path, String... headers) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
  }

  /** POSTs {@code body} as {@code application/json} unless the headers name another Content-Type. */
  Answer post(String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) typed |= headers[i].equalsIgnoreCase("Content-Type");
    if (!typed) request.header("Content-Type", "application/json");
    return send(request, headers);
  }

  /** POSTs {@code body} with only the headers given: no Content-Type unless one is among them. */
  Answer postAsIs(String path, String body, String... headers) {
    return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
  }

  /** POSTs raw bytes as {@code application/json}, for bodies no Java string can spell (broken UTF-8). */
  Answer post(String path, byte[] body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json"));
  }

  Answer request(String method, String path, String... headers) {
    return send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()), headers);
  }

  Answer post(String path, Map<String, ?> body, String... headers) {
    return post(path, json(body), headers);
  }

  private Answer send(HttpRequest.Builder request, String... headers) {
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // What a user does often enough that every test should not spell it out.

  /** The log's head position, as GET /ready tells it: unchanged means nothing was appended. */
  long head() {
    Answer ready = get("/ready");
    assertThat(ready.status()).as("GET /ready: %s", ready).isEqualTo(200);
    return ready.json().get("store").get("headPosition").asLong();
  }

  String registerShelter(String name) {
    Answer a = post("/api/commands/register-shelter", Map.of("name", name, "city", "Springfield"));
    assertThat(a.status()).as("register-shelter: %s", a).isEqualTo(201);
    return a.json().get("shelterId").asString();
  }

  Answer registerPet(String name, String species, int age, String shelterId, String... headers) {
    return post("/api/commands/register-pet", Map.of("name", name, "species", species, "age", age, "shelterId", shelterId), headers);
  }

  String registeredPet(String name, String species, int age, String shelterId) {
    Answer a = registerPet(name, species, age, shelterId);
    assertThat(a.status()).as("register-pet: %s", a).isEqualTo(201);
    return a.json().get("petId").asString();
  }

  String registeredCustomer(String name) {
    Answer a = post("/api/commands/register-customer",
        Map.of("name", name, "email", name.toLowerCase().replaceAll("[^a-z]", "") + "-" + UUID.randomUUID() + "@example.org"));
    assertThat(a.status()).as("register-customer: %s", a).isEqualTo(201);
    return a.json().get("customerId").asString();
  }

  Answer adopt(String petId, String customerId, String... headers) {
    return post("/api/commands/adopt-pet", Map.of("petId", petId, "customerId", customerId), headers);
  }

  Answer returnPet(String petId, String reason, String... headers) {
    return post("/api/commands/return-pet", Map.of("petId", petId, "reason", reason), headers);
  }

  Answer rename(String petId, String newName, String... headers) {
    return post("/api/commands/rename-pet", Map.of("petId", petId, "newName", newName), headers);
  }

  /** Every page of a query that pages with {@code X-Next-Cursor}, in order. */
  List<JsonNode> allPages(String path) {
    List<JsonNode> rows = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 1_000; page++) {
      Answer a = get(cursor == null ? path : path + (path.contains("?") ? "&" : "?") + "cursor=" + cursor);
      assertThat(a.status()).as("GET %s: %s", path, a).isEqualTo(200);
      a.json().forEach(rows::add);
      cursor = a.header("X-Next-Cursor");
      if (cursor == null) return rows;
    }
    throw new AssertionError("more than 1000 pages of " + path);
  }

  /** The pet's history as GET /api/pets/{id}/events lists it. */
  List<String> eventTypes(String petId) {
    Answer a = get("/api/pets/" + petId + "/events");
    assertThat(a.status()).as("GET events: %s", a).isEqualTo(200);
    List<String> types = new ArrayList<>();
    a.json().forEach(e -> types.add(e.get("type").asString()));
    return types;
  }
}
