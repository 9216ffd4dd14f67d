package eventkernel.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** An event about to be appended. The payload is JSON text the store keeps as it is. */
public record NewEvent(UUID eventId, String type, String payload, Metadata metadata) {
  /** A payload is capped so one careless writer cannot bloat every reader of the log. */
  public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

  public NewEvent {
    Objects.requireNonNull(eventId, "eventId");
    if (type == null || type.isBlank() || type.length() > 200) {
      throw new InvalidAppend("event type must be 1-200 characters, got " + (type == null ? "null" : "'" + type + "'"));
    }
    if (payload == null || payload.isBlank()) throw new InvalidAppend("event " + eventId + " has no payload");
    // UTF-8 is at most 3 bytes per char: only count bytes when the cheap bound could be crossed.
    if (payload.length() * 3L > MAX_PAYLOAD_BYTES
        && payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw new InvalidAppend("event " + eventId + " of type " + type + " has a payload over 1 MiB");
    }
    metadata = metadata == null ? Metadata.NONE : metadata;
  }

  public NewEvent(String type, String payload) {
    this(UUID.randomUUID(), type, payload, Metadata.NONE);
  }
}
