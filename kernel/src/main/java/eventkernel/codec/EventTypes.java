package eventkernel.codec;

import eventkernel.store.StoredEvent;
import eventkernel.store.UnknownEventType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON codec for a sealed family of event records: each record class registered under a stable type
 * name, and upcasters that turn an old type's payload into a newer one on read. The mapper decides how
 * field values are written (its modules handle id types and instants).
 */
public final class EventTypes<E> implements EventCodec<E> {
  private record Upcaster(String toType, UnaryOperator<ObjectNode> change) {}

  private final JsonMapper mapper;
  private final Map<String, Class<? extends E>> classes = new HashMap<>();
  private final Map<Class<?>, String> names = new HashMap<>();
  private final Map<String, Upcaster> upcasters = new HashMap<>();

  public EventTypes(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public EventTypes<E> register(String type, Class<? extends E> eventClass) {
    if (classes.putIfAbsent(type, eventClass) != null) throw new IllegalArgumentException("type registered twice: " + type);
    names.put(eventClass, type);
    return this;
  }

  /** Events stored as {@code oldType} are read as {@code newType} after {@code change} reshapes their payload. */
  public EventTypes<E> upcast(String oldType, String newType, UnaryOperator<ObjectNode> change) {
    if (classes.containsKey(oldType)) throw new IllegalArgumentException(oldType + " is a current type; upcast from old names only");
    upcasters.put(oldType, new Upcaster(newType, change));
    return this;
  }

  public boolean knows(String type) {
    return classes.containsKey(type) || upcasters.containsKey(type);
  }

  @Override
  public String typeOf(E event) {
    String name = names.get(event.getClass());
    if (name == null) throw new IllegalArgumentException("event class not registered: " + event.getClass().getName());
    return name;
  }

  @Override
  public String payloadOf(E event) {
    return mapper.writeValueAsString(event);
  }

  @Override
  public E decode(StoredEvent stored) {
    Class<? extends E> eventClass = classes.get(stored.type());
    if (eventClass != null) return mapper.readValue(stored.payload(), eventClass);
    String type = stored.type();
    JsonNode payload = mapper.readTree(stored.payload());
    for (int hops = 0; (eventClass = classes.get(type)) == null; hops++) {
      Upcaster upcaster = upcasters.get(type);
      if (upcaster == null || hops > 32) throw new UnknownEventType(stored.type(), stored.stream());
      payload = upcaster.change().apply(((ObjectNode) payload).deepCopy());
      type = upcaster.toType();
    }
    return mapper.treeToValue(payload, eventClass);
  }
}
