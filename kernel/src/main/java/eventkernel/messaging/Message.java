package eventkernel.messaging;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A public message: what crosses a process boundary. Its wire body is
 * {@code {"eventType", "eventId", "timestamp", "data"}}; {@code key} orders messages of one entity
 * (a pet, an adoption) and {@code sourcePosition} is the log position of the event it came from.
 */
public record Message(String type, UUID id, Instant timestamp, String key, JsonNode data, long sourcePosition) {
  public Message {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(data, "data");
  }

  /** The wire body, the same on every bus. */
  public ObjectNode body(JsonMapper mapper) {
    ObjectNode body = mapper.createObjectNode();
    body.put("eventType", type);
    body.put("eventId", id.toString());
    body.put("timestamp", timestamp.toString());
    body.set("data", data);
    return body;
  }

  public String bodyText(JsonMapper mapper) {
    return mapper.writeValueAsString(body(mapper));
  }

  /**
   * Reads a wire body back.
   *
   * @throws IllegalArgumentException when it is not a well-formed envelope
   */
  public static Message parse(JsonMapper mapper, String body, String key, long sourcePosition) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("message body is not JSON: " + e.getMessage(), e);
    }
    if (!node.isObject()) throw new IllegalArgumentException("message body is not a JSON object");
    try {
      return new Message(node.path("eventType").asString(), UUID.fromString(node.path("eventId").asString()),
          Instant.parse(node.path("timestamp").asString()), key, node.path("data"), sourcePosition);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("message envelope is malformed: " + e.getMessage(), e);
    }
  }
}
