package petstore.app.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * asyncapi/petstore.yaml as the app reads it: the text as written, its tree, and the channels and
 * operations with every {@code $ref} resolved. References must point inside the document: the contract
 * is one file, and reading it never touches the network.
 */
public final class AsyncApiDocument {
  /** Where the build puts asyncapi/petstore.yaml on the classpath (petstore-app's pom). */
  public static final String RESOURCE = "asyncapi/petstore.yaml";

  public record Channel(String id, String address, String description, List<Message> messages, JsonNode bindings) {}

  /** A message with its headers and payload schemas resolved; {@code examples} as written, resolved. */
  public record Message(String id, String name, String title, String summary, String contentType,
                        JsonNode headers, JsonNode payload, JsonNode bindings, List<JsonNode> examples) {}

  /**
   * {@code service} names who does it: "relay" for a send, the Kafka consumer group (one per service) for a
   * receive.
   */
  public record Operation(String id, String action, String channelAddress, String service, String summary,
                          JsonNode bindings) {
    public boolean sends() {
      return action.equals("send");
    }
  }

  public static final String RELAY = "relay";

  private final String text;
  private final JsonNode tree;
  private final List<Channel> channels;
  private final List<Operation> operations;

  private AsyncApiDocument(String text) {
    this.text = text;
    this.tree = new YAMLMapper().readTree(text);
    if (!tree.isObject()) throw new IllegalArgumentException("the AsyncAPI document is not a YAML mapping");
    if (!tree.path("asyncapi").asString("").startsWith("3.")) {
      throw new IllegalArgumentException("the AsyncAPI document must be version 3.x, is " + tree.path("asyncapi"));
    }
    this.channels = readChannels();
    this.operations = readOperations();
  }

  public static AsyncApiDocument parse(String yaml) {
    return new AsyncApiDocument(yaml);
  }

  public static AsyncApiDocument fromClasspath() {
    try (InputStream in = AsyncApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath (the build copies it from asyncapi/)");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document exactly as written. */
  public String text() {
    return text;
  }

  /** The document's tree, references unresolved, as written. */
  public JsonNode tree() {
    return tree;
  }

  public String title() {
    return tree.path("info").path("title").asString("");
  }

  public String version() {
    return tree.path("info").path("version").asString("");
  }

  public String description() {
    return tree.path("info").path("description").asString("");
  }

  public List<Channel> channels() {
    return channels;
  }

  public List<Operation> operations() {
    return operations;
  }

  /** A copy of {@code node} with every {@code $ref} replaced by what it points to. */
  public JsonNode resolve(JsonNode node) {
    return resolve(node, new ArrayDeque<>());
  }

  private JsonNode resolve(JsonNode node, Deque<String> resolving) {
    if (node.isObject() && node.has("$ref")) {
      String ref = node.get("$ref").asString();
      if (!ref.startsWith("#/")) throw new IllegalArgumentException("$ref " + ref + " points outside the AsyncAPI document");
      if (resolving.contains(ref)) throw new IllegalArgumentException("$ref " + ref + " refers to itself through " + resolving);
      JsonNode target = tree.at(JsonPointer.compile(ref.substring(1)));
      if (target.isMissingNode()) throw new IllegalArgumentException("$ref " + ref + " points to nothing");
      resolving.push(ref);
      JsonNode resolved = resolve(target, resolving);
      resolving.pop();
      return resolved;
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) copy.set(field.getKey(), resolve(field.getValue(), resolving));
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : node) copy.add(resolve(item, resolving));
      return copy;
    }
    return node;
  }

  private List<Channel> readChannels() {
    List<Channel> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : tree.path("channels").properties()) {
      JsonNode channel = resolve(entry.getValue());
      List<Message> messages = new ArrayList<>();
      for (Map.Entry<String, JsonNode> m : channel.path("messages").properties()) {
        JsonNode message = m.getValue();
        List<JsonNode> examples = new ArrayList<>();
        message.path("examples").forEach(examples::add);
        messages.add(new Message(m.getKey(), message.path("name").asString(m.getKey()), message.path("title").asString(""),
            message.path("summary").asString(""), message.path("contentType").asString(tree.path("defaultContentType").asString("")),
            message.path("headers"), message.path("payload"), message.path("bindings"), List.copyOf(examples)));
      }
      result.add(new Channel(entry.getKey(), channel.path("address").asString(entry.getKey()),
          channel.path("description").asString(""), List.copyOf(messages), channel.path("bindings")));
    }
    return List.copyOf(result);
  }

  private List<Operation> readOperations() {
    List<Operation> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : tree.path("operations").properties()) {
      JsonNode operation = resolve(entry.getValue());
      String action = operation.path("action").asString("");
      String address = operation.path("channel").path("address").asString("");
      String service = action.equals("send") ? RELAY : groupOf(operation);
      result.add(new Operation(entry.getKey(), action, address, service, operation.path("summary").asString(""),
          operation.path("bindings")));
    }
    return List.copyOf(result);
  }

  // The consumer group is a schema in the Kafka binding; this document pins it with const (or a one-value enum).
  private static String groupOf(JsonNode operation) {
    JsonNode group = operation.path("bindings").path("kafka").path("groupId");
    if (group.has("const")) return group.get("const").asString();
    if (group.path("enum").size() == 1) return group.path("enum").get(0).asString();
    return "";
  }
}
