package eventkernel.rabbitmq;

import com.rabbitmq.client.AMQP;
import eventkernel.messaging.Message;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a message looks on RabbitMQ, to the seed's clients as much as to this bus: the envelope as a JSON
 * body; persistent; {@code content-type: application/json}; {@code message-id} = event id; {@code type}
 * = event type; the time; and headers for what the body does not carry (the ordering key, the log
 * position) plus the Kafka-style {@code event-type}, {@code event-id}, {@code timestamp}.
 */
final class Wire {
  static final String CONTENT_TYPE = "application/json";
  static final String EVENT_TYPE = "event-type";
  static final String EVENT_ID = "event-id";
  static final String TIMESTAMP = "timestamp";
  static final String KEY = "message-key";
  static final String SOURCE_POSITION = "source-position";
  static final String ATTEMPT = "x-attempt";
  static final String DEAD_REASON = "x-dead-reason";
  static final String DEAD_CONSUMER = "x-dead-consumer";
  static final String ATTEMPTS = "x-attempts";
  /** Added by quorum queues on a redelivery; it counts for the queue it was read from only. */
  static final String DELIVERY_COUNT = "x-delivery-count";

  private Wire() {}

  static byte[] body(Message m, JsonMapper mapper) {
    return m.bodyText(mapper).getBytes(StandardCharsets.UTF_8);
  }

  static AMQP.BasicProperties properties(Message m) {
    Map<String, Object> headers = new HashMap<>();
    headers.put(EVENT_TYPE, m.type());
    headers.put(EVENT_ID, m.id().toString());
    headers.put(TIMESTAMP, m.timestamp().toString());
    headers.put(KEY, m.key());
    headers.put(SOURCE_POSITION, m.sourcePosition());
    return new AMQP.BasicProperties.Builder()
        .contentType(CONTENT_TYPE)
        .deliveryMode(2)
        .messageId(m.id().toString())
        .type(m.type())
        .timestamp(Date.from(m.timestamp()))
        .headers(headers)
        .build();
  }

  /**
   * Reads a delivery back. A message without a {@code message-key} header (published by a client that
   * does not know it) is its own key: nothing is ordered behind it.
   *
   * @throws IllegalArgumentException when the body is not a well-formed envelope
   */
  static Message read(AMQP.BasicProperties properties, byte[] body, JsonMapper mapper) {
    Map<String, Object> headers = headers(properties);
    Message parsed = Message.parse(mapper, new String(body, StandardCharsets.UTF_8), "", number(headers.get(SOURCE_POSITION), 0));
    String key = text(headers.get(KEY));
    return new Message(parsed.type(), parsed.id(), parsed.timestamp(), key == null ? parsed.id().toString() : key, parsed.data(),
        parsed.sourcePosition());
  }

  /** Which attempt a delivery is: 1 unless a retry said otherwise. */
  static int attempt(AMQP.BasicProperties properties) {
    return (int) Math.max(1, number(headers(properties).get(ATTEMPT), 1));
  }

  static Map<String, Object> headers(AMQP.BasicProperties properties) {
    return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
  }

  /** The same message with some headers set (a null value removes one). */
  static AMQP.BasicProperties withHeaders(AMQP.BasicProperties properties, Map<String, Object> changes) {
    Map<String, Object> headers = new HashMap<>(headers(properties));
    headers.remove(DELIVERY_COUNT);
    changes.forEach((name, value) -> {
      if (value == null) headers.remove(name);
      else headers.put(name, value);
    });
    return properties.builder().headers(headers).build();
  }

  static String text(Object value) {
    return value == null ? null : value.toString();  // the client reads strings back as LongString
  }

  static long number(Object value, long otherwise) {
    if (value instanceof Number n) return n.longValue();
    if (value == null) return otherwise;
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
