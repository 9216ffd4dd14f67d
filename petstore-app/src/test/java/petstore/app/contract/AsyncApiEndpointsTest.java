package petstore.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import petstore.app.codec.PetStoreJson;
import petstore.app.http.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class AsyncApiEndpointsTest {
  static final JsonMapper mapper = new PetStoreJson().mapper();
  static final AsyncApiDocument document = AsyncApiDocument.fromClasspath();
  static final HttpClient client = HttpClient.newHttpClient();
  static HttpServer server;

  @BeforeAll
  static void start() {
    server = new HttpServer(mapper, new SimpleMeterRegistry(), List.of(new AsyncApiEndpoints(document, mapper))).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_yaml_is_the_document_as_written() throws Exception {
    HttpResponse<String> yaml = get("/asyncapi.yaml");
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
    assertThat(yaml.body()).isEqualTo(document.text()).startsWith("asyncapi: 3.0.0");
  }

  @Test
  void the_json_is_the_yamls_content() throws Exception {
    HttpResponse<String> json = get("/asyncapi.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode fromJson = mapper.readTree(json.body());
    JsonNode fromYaml = new YAMLMapper().readTree(get("/asyncapi.yaml").body());
    assertThat(fromJson).isEqualTo(fromYaml);
    assertThat(fromJson.path("asyncapi").asString()).isEqualTo("3.0.0");
  }

  @Test
  void the_page_names_every_channel_message_and_field() throws Exception {
    HttpResponse<String> page = get("/docs/events");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    String html = page.body();
    assertThat(html).startsWith("<!doctype html>").doesNotContain("<script", "http://cdn", "https://cdn");
    assertThat(document.channels()).hasSize(8);
    for (AsyncApiDocument.Channel channel : document.channels()) {
      assertThat(html).contains("<code>" + channel.address() + "</code>");
      for (AsyncApiDocument.Message message : channel.messages()) {
        assertThat(html).contains("<code>" + message.name() + "</code>");
        message.payload().path("properties").path("data").path("properties").propertyNames()
            .forEach(field -> assertThat(html).contains("<code>data." + field + "</code>"));
      }
    }
    assertThat(html).contains("one of dog, cat, bird, rabbit", "≥ 0", "uuid", "date-time", "uri", "email.pet.adopted");
  }

  @Test
  void the_page_escapes_what_the_document_says() {
    String yaml = document.text().replace("title: PetStore Event API", "title: '<script>alert(1)</script> & co'");
    String html = new EventDocsPage(AsyncApiDocument.parse(yaml), mapper).render();
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
  }
}
