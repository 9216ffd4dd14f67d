package petstore.app.contract;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import eventkernel.messaging.Message;
import eventkernel.messaging.MessageValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Invariant 7: every message that crosses a process boundary holds to the AsyncAPI document. The relay
 * asks before it publishes, every consumer after it receives. Each channel's payload schema (the whole
 * wire envelope) is compiled once, at start, with formats asserted: a uuid, a date-time and a uri are
 * checked, not just "a string".
 */
public final class AsyncApiContract implements MessageValidator {
  private final AsyncApiDocument document;
  private final JsonMapper mapper;
  private final SchemaRegistry schemas;
  private final Map<String, Schema> payloads = new HashMap<>();

  public AsyncApiContract(AsyncApiDocument document, JsonMapper mapper) {
    this.document = document;
    this.mapper = mapper;
    // AsyncAPI's schema format is JSON Schema draft 7 plus a few keywords; draft 7 is asserted as such,
    // with quicker checks in front of the two formats every message carries (see FastFormats).
    Dialect draft7 = Dialect.builder(Dialects.getDraft7()).formats(formats -> {
      formats.put("uuid", FastFormats.uuid(required(formats, "uuid")));
      formats.put("date-time", FastFormats.dateTime(required(formats, "date-time")));
    }).build();
    this.schemas = SchemaRegistry.withDefaultDialect(draft7,
        b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    for (AsyncApiDocument.Channel channel : document.channels()) {
      List<JsonNode> options = channel.messages().stream().map(m -> assertionsOnly(m.payload())).toList();
      if (options.isEmpty()) continue;
      JsonNode payload = options.size() == 1 ? options.getFirst() : anyOf(options);
      if (payloads.put(channel.address(), schemas.getSchema(payload)) != null) {
        throw new IllegalArgumentException("two channels of the AsyncAPI document have the address " + channel.address());
      }
    }
  }

  /** The contract as the build packed it: asyncapi/petstore.yaml from the classpath. */
  public static AsyncApiContract load(JsonMapper mapper) {
    return new AsyncApiContract(AsyncApiDocument.fromClasspath(), mapper);
  }

  public AsyncApiDocument document() {
    return document;
  }

  @Override
  public List<String> problems(Message message) {
    return problems(message.type(), message.body(mapper));
  }

  /** What is wrong with {@code body} as a message of channel {@code address}; empty when nothing is. */
  public List<String> problems(String address, JsonNode body) {
    Schema schema = payloads.get(address);
    if (schema == null) return List.of("the AsyncAPI document has no channel " + address);
    List<com.networknt.schema.Error> errors = schema.validate(body);
    if (errors.isEmpty()) return List.of();
    return errors.stream().map(com.networknt.schema.Error::toString).toList();
  }

  /** Checks {@code value} against any schema of the document (resolved), e.g. an example against its own schema. */
  public List<String> problemsAgainst(JsonNode schema, JsonNode value) {
    return schemas.getSchema(document.resolve(schema)).validate(value).stream().map(com.networknt.schema.Error::toString).toList();
  }

  /**
   * The schema without the keywords that only annotate (description, examples, …): networknt evaluates
   * every keyword, these included, and a message's check took a third longer with them.
   */
  static JsonNode assertionsOnly(JsonNode schema) {
    if (!schema.isObject()) return schema;
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
      String name = keyword.getKey();
      JsonNode value = keyword.getValue();
      if (ANNOTATIONS.contains(name) || name.startsWith("x-")) continue;
      copy.set(name, switch (name) {
        case "properties", "patternProperties", "definitions", "$defs", "dependencies" -> eachValue(value);
        case "items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains", "propertyNames" ->
            value.isArray() ? eachItem(value) : assertionsOnly(value);
        case "allOf", "anyOf", "oneOf" -> eachItem(value);
        default -> value;  // const, enum, required, type, format, limits: kept as written
      });
    }
    return copy;
  }

  private static final Set<String> ANNOTATIONS = Set.of("title", "description", "examples", "example", "$comment", "default",
      "deprecated", "externalDocs", "discriminator");

  private static JsonNode eachValue(JsonNode map) {
    if (!map.isObject()) return map;
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> entry : map.properties()) copy.set(entry.getKey(), assertionsOnly(entry.getValue()));
    return copy;
  }

  private static JsonNode eachItem(JsonNode array) {
    if (!array.isArray()) return array;
    var copy = JsonNodeFactory.instance.arrayNode();
    for (JsonNode item : array) copy.add(assertionsOnly(item));
    return copy;
  }

  private static Format required(Map<String, Format> formats, String name) {
    Format format = formats.get(name);
    if (format == null) throw new IllegalStateException("networknt's draft 7 dialect has no " + name + " format");
    return format;
  }

  private static JsonNode anyOf(List<JsonNode> options) {
    var schema = JsonNodeFactory.instance.objectNode();
    schema.putArray("anyOf").addAll(options);
    return schema;
  }
}
