package petstore.app.contract;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import petstore.app.contract.AsyncApiDocument.Channel;
import petstore.app.contract.AsyncApiDocument.Message;
import petstore.app.contract.AsyncApiDocument.Operation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AsyncAPI document as one readable HTML page: channels, who sends and who receives, each message's
 * fields (type, format, required, constraints, description) and its examples. Plain HTML and inline CSS,
 * nothing fetched and no script; every text from the document is escaped.
 */
final class EventDocsPage {
  private static final String STYLE = """
      body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;color:#222}
      h1 small{font-weight:normal;color:#666}
      h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
      table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
      th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
      th{background:#f5f5f5}
      code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}
      pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.75rem;overflow:auto}
      .muted{color:#666}
      .req{font-weight:bold}
      nav ul{columns:2}
      """;

  private final AsyncApiDocument document;
  private final JsonMapper mapper;
  private final StringBuilder out = new StringBuilder(32 * 1024);

  EventDocsPage(AsyncApiDocument document, JsonMapper mapper) {
    this.document = document;
    this.mapper = mapper;
  }

  String render() {
    out.setLength(0);
    String title = document.title() + " " + document.version();
    out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" — events</title><style>").append(STYLE).append("</style></head><body>\n");
    out.append("<header><h1>").append(esc(document.title())).append(" <small>").append(esc(document.version())).append("</small></h1>\n");
    out.append("<p class=\"muted\">AsyncAPI ").append(esc(document.tree().path("asyncapi").asString("")))
        .append(". The document itself: <a href=\"/asyncapi.yaml\">asyncapi.yaml</a> · <a href=\"/asyncapi.json\">asyncapi.json</a>.</p>\n");
    prose(document.description());
    out.append("</header>\n");

    out.append("<nav><h2>Channels</h2><ul>\n");
    for (Channel c : document.channels()) {
      out.append("<li><a href=\"#").append(esc(anchor(c))).append("\"><code>").append(esc(c.address())).append("</code></a>");
      if (!c.messages().isEmpty()) out.append(" — ").append(esc(c.messages().getFirst().summary()));
      out.append("</li>\n");
    }
    out.append("</ul></nav>\n");

    servers();
    for (Channel c : document.channels()) channel(c);
    out.append("</body></html>\n");
    return out.toString();
  }

  private void servers() {
    out.append("<section id=\"servers\"><h2>Servers</h2><table><tr><th>name</th><th>protocol</th><th>host</th><th>description</th></tr>\n");
    for (Map.Entry<String, JsonNode> s : document.tree().path("servers").properties()) {
      JsonNode server = s.getValue();
      String protocol = server.path("protocol").asString("") + (server.has("protocolVersion") ? " " + server.path("protocolVersion").asString() : "");
      out.append("<tr><td>").append(esc(s.getKey())).append("</td><td>").append(esc(protocol)).append("</td><td><code>")
          .append(esc(server.path("host").asString(""))).append("</code></td><td>").append(esc(server.path("description").asString("")))
          .append("</td></tr>\n");
    }
    out.append("</table></section>\n");
  }

  private void channel(Channel c) {
    out.append("<section id=\"").append(esc(anchor(c))).append("\"><h2>Channel <code>").append(esc(c.address())).append("</code></h2>\n");
    if (!c.description().isEmpty()) out.append("<p>").append(inline(c.description())).append("</p>\n");
    bindings(c);

    List<Operation> operations = document.operations().stream().filter(o -> o.channelAddress().equals(c.address())).toList();
    out.append("<h3>Operations</h3><table><tr><th>operation</th><th>action</th><th>by</th><th>Kafka consumer group</th><th>RabbitMQ queue</th><th>summary</th></tr>\n");
    for (Operation o : operations) {
      JsonNode queue = o.bindings().path("amqp").path("x-queue");
      out.append("<tr><td><code>").append(esc(o.id())).append("</code></td><td>").append(esc(o.action())).append("</td><td>")
          .append(esc(o.service())).append("</td><td>").append(o.sends() ? "" : "<code>" + esc(o.service()) + "</code>").append("</td><td>")
          .append(queue.has("name") ? "<code>" + esc(queue.path("name").asString()) + "</code>" : "").append("</td><td>")
          .append(esc(o.summary())).append("</td></tr>\n");
    }
    out.append("</table>\n");

    for (Message m : c.messages()) message(m);
    out.append("</section>\n");
  }

  private void bindings(Channel c) {
    JsonNode kafka = c.bindings().path("kafka");
    JsonNode amqp = c.bindings().path("amqp");
    out.append("<ul>\n");
    if (!kafka.isMissingNode()) {
      out.append("<li>Kafka: topic <code>").append(esc(kafka.path("topic").asString(c.address()))).append("</code>, header <code>event-type</code> = <code>")
          .append(esc(c.address())).append("</code></li>\n");
    }
    if (!amqp.isMissingNode()) {
      JsonNode exchange = amqp.path("exchange");
      out.append("<li>RabbitMQ: exchange <code>").append(esc(exchange.path("name").asString(""))).append("</code> (")
          .append(esc(exchange.path("type").asString(""))).append(exchange.path("durable").asBoolean(false) ? ", durable" : "")
          .append("), routing key <code>").append(esc(c.address())).append("</code></li>\n");
    }
    out.append("</ul>\n");
  }

  private void message(Message m) {
    out.append("<h3>Message <code>").append(esc(m.name())).append("</code>");
    if (!m.title().isEmpty()) out.append(" — ").append(esc(m.title()));
    out.append("</h3>\n");
    if (!m.summary().isEmpty()) out.append("<p>").append(inline(m.summary())).append("</p>\n");
    out.append("<p class=\"muted\">Content type <code>").append(esc(m.contentType())).append("</code>");
    JsonNode key = m.bindings().path("kafka").path("key");
    if (!key.isMissingNode()) {
      out.append("; Kafka key: ").append(esc(typeOf(key))).append(formatOf(key));
      if (key.has("description")) out.append(" — ").append(esc(key.path("description").asString()));
    }
    out.append(".</p>\n");

    out.append("<h4>Payload</h4>\n");
    fields(m.payload());
    if (!m.headers().isMissingNode()) {
      out.append("<h4>Headers</h4>\n");
      if (m.headers().has("description")) out.append("<p>").append(inline(m.headers().path("description").asString())).append("</p>\n");
      fields(m.headers());
    }
    JsonNode properties = m.bindings().path("amqp").path("x-properties");
    if (!properties.isMissingNode()) {
      out.append("<h4>AMQP properties</h4>\n");
      if (properties.has("description")) out.append("<p>").append(inline(properties.path("description").asString())).append("</p>\n");
      fields(properties);
    }
    for (JsonNode example : m.examples()) {
      out.append("<h4>Example <code>").append(esc(example.path("name").asString("example"))).append("</code>");
      if (example.has("summary")) out.append(" — ").append(esc(example.path("summary").asString()));
      out.append("</h4>\n");
      if (example.has("headers")) out.append("<p class=\"muted\">Headers</p><pre>").append(esc(pretty(example.get("headers")))).append("</pre>\n");
      if (example.has("payload")) out.append("<p class=\"muted\">Payload</p><pre>").append(esc(pretty(example.get("payload")))).append("</pre>\n");
    }
  }

  private void fields(JsonNode schema) {
    out.append("<table><tr><th>field</th><th>type</th><th>format</th><th>required</th><th>constraints</th><th>description</th></tr>\n");
    rows(schema, "");
    out.append("</table>\n");
  }

  private void rows(JsonNode schema, String prefix) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asString()));
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      String name = prefix + p.getKey();
      JsonNode field = p.getValue();
      boolean isRequired = required.contains(p.getKey());
      out.append("<tr><td><code>").append(esc(name)).append("</code></td><td>").append(esc(typeOf(field))).append("</td><td>")
          .append(esc(field.path("format").asString(""))).append("</td><td").append(isRequired ? " class=\"req\">yes" : ">no")
          .append("</td><td>").append(esc(constraints(field))).append("</td><td>").append(inline(field.path("description").asString("")));
      if (field.has("examples")) {
        out.append(field.path("description").asString("").isEmpty() ? "" : " ").append("<span class=\"muted\">e.g. ")
            .append(field.path("examples").valueStream().map(e -> "<code>" + esc(e.isString() ? e.asString() : e.toString()) + "</code>")
                .collect(Collectors.joining(", ")))
            .append("</span>");
      }
      out.append("</td></tr>\n");
      if (field.has("properties")) rows(field, name + ".");
    }
  }

  private static String typeOf(JsonNode schema) {
    if (schema.has("type")) return schema.get("type").isArray()
        ? schema.get("type").valueStream().map(JsonNode::asString).collect(Collectors.joining(" | "))
        : schema.get("type").asString();
    if (schema.has("const")) return schema.get("const").isString() ? "string" : schema.get("const").getNodeType().name().toLowerCase();
    if (schema.has("enum")) return "string";
    return "any";
  }

  private static String formatOf(JsonNode schema) {
    return schema.has("format") ? " (" + esc(schema.get("format").asString()) + ")" : "";
  }

  private static String constraints(JsonNode schema) {
    StringBuilder c = new StringBuilder();
    if (schema.has("const")) c.append("= ").append(literal(schema.get("const")));
    if (schema.has("enum")) {
      c.append(c.isEmpty() ? "" : "; ").append("one of ")
          .append(schema.get("enum").valueStream().map(EventDocsPage::literal).collect(Collectors.joining(", ")));
    }
    if (schema.has("minimum")) c.append(c.isEmpty() ? "" : "; ").append("≥ ").append(schema.get("minimum").asString());
    if (schema.has("maximum")) c.append(c.isEmpty() ? "" : "; ").append("≤ ").append(schema.get("maximum").asString());
    if (schema.has("minLength")) c.append(c.isEmpty() ? "" : "; ").append("at least ").append(schema.get("minLength").asInt()).append(" character(s)");
    if (schema.has("maxLength")) c.append(c.isEmpty() ? "" : "; ").append("at most ").append(schema.get("maxLength").asInt()).append(" characters");
    if (schema.has("pattern")) c.append(c.isEmpty() ? "" : "; ").append("matches ").append(schema.get("pattern").asString());
    if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
      c.append(c.isEmpty() ? "" : "; ").append("no other fields");
    }
    return c.toString();
  }

  private static String literal(JsonNode value) {
    return value.isString() ? value.asString() : value.toString();
  }

  private String pretty(JsonNode node) {
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  /** The document's free text: paragraphs at blank lines, "- " lines as a list, `code` spans. */
  private void prose(String text) {
    for (String block : text.strip().split("\\n\\s*\\n")) {
      if (block.isBlank()) continue;
      if (block.startsWith("- ")) {
        out.append("<ul>\n");
        for (String item : block.split("\\n(?=- )")) out.append("<li>").append(inline(item.substring(2).strip())).append("</li>\n");
        out.append("</ul>\n");
      } else {
        out.append("<p>").append(inline(block.strip())).append("</p>\n");
      }
    }
  }

  /** Escapes, then turns `code` spans into code elements (backticks survive escaping unchanged). */
  private static String inline(String text) {
    return esc(text).replaceAll("`([^`]+)`", "<code>$1</code>");
  }

  private static String anchor(Channel c) {
    return "channel-" + c.address();
  }

  static String esc(String text) {
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(ch);
      }
    }
    return s.toString();
  }
}
