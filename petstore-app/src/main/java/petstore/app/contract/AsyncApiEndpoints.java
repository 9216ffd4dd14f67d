package petstore.app.contract;

import io.javalin.router.JavalinDefaultRoutingApi;
import petstore.app.http.Endpoints;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract for people and tools: the AsyncAPI document as written (YAML), the same as JSON, and a
 * page that reads it out. All three come from the one document and are rendered once, at start.
 */
public final class AsyncApiEndpoints implements Endpoints {
  public static final String YAML = "application/yaml; charset=utf-8";  // RFC 9512
  public static final String JSON = "application/json";
  public static final String HTML = "text/html; charset=utf-8";

  private final String yaml;
  private final String json;
  private final String page;

  public AsyncApiEndpoints(AsyncApiDocument document, JsonMapper mapper) {
    this.yaml = document.text();
    this.json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document.tree());
    this.page = new EventDocsPage(document, mapper).render();
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/asyncapi.yaml", ctx -> ctx.contentType(YAML).result(yaml));
    routes.get("/asyncapi.json", ctx -> ctx.contentType(JSON).result(json));
    routes.get("/docs/events", ctx -> ctx.contentType(HTML).result(page));
  }
}
