package petstore.app.http;

import eventkernel.store.WrongExpectedVersion;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Javalin on Jetty with virtual threads; every error a client can cause answers as problem+json. */
public final class HttpServer implements AutoCloseable {
  public static final long MAX_BODY_BYTES = 64 * 1024;
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  private final Javalin javalin;
  private final JsonMapper mapper;

  public HttpServer(JsonMapper mapper, MeterRegistry meters, List<Endpoints> endpoints) {
    this.mapper = mapper;
    this.javalin = Javalin.create(cfg -> {
      cfg.concurrency.useVirtualThreads = true;
      cfg.http.maxRequestSize = MAX_BODY_BYTES;
      cfg.jsonMapper(new JavalinJackson3(mapper, false));
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems(mapper)));
      // The web page: plain files from the jar, GET / is web/index.html.
      cfg.staticFiles.add("/web", Location.CLASSPATH);
      cfg.requestLogger.http((ctx, ms) -> Timer.builder("http.server.requests")
          .tag("method", ctx.method().name())
          .tag("route", route(ctx))
          .tag("status", String.valueOf(ctx.statusCode()))
          .register(meters)
          .record(Duration.ofNanos((long) (ms * 1_000_000))));
      cfg.routes.exception(Problem.class, (e, ctx) -> problem(ctx, e.status(), e.title(), e.getMessage(), e.errors()));
      // With If-Match the client named the version it decided on: a moved stream fails its precondition.
      // Without, the command was decided again on every retry and the stream still kept moving.
      cfg.routes.exception(WrongExpectedVersion.class, (e, ctx) -> {
        if (ctx.header("If-Match") != null) {
          problem(ctx, 412, "Precondition failed", "it is at version " + e.actual()
              + ", not the one given in If-Match; read it again and retry", List.of());
        } else {
          problem(ctx, 409, "Conflict", "it changed while the command was decided; retry", List.of());
        }
      });
      cfg.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(),
          e.getStatus() == 413 ? "Payload too large" : "Request refused",
          e.getStatus() == 413 ? "the body is over " + MAX_BODY_BYTES / 1024 + " KiB" : e.getMessage(), List.of()));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        problem(ctx, 500, "Internal error", "the PetStore failed to answer; the error is in its log", List.of());
      });
      cfg.routes.error(404, ctx -> {
        if (!isProblem(ctx)) problem(ctx, 404, "Not found", "no route " + ctx.method() + " " + ctx.path(), List.of());
      });
      cfg.routes.error(405, ctx -> {
        if (!isProblem(ctx)) problem(ctx, 405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path(), List.of());
      });
      for (Endpoints e : endpoints) e.register(cfg.routes);
    });
  }

  /** The route that answered; Javalin's ctx.endpoint() throws rather than answer null when none did. */
  private static String route(Context ctx) {
    var matched = ctx.endpoints().matchedHttpEndpoint();
    return matched == null ? "unmatched" : matched.path;
  }

  private static boolean isProblem(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("application/problem+json");
  }

  private void problem(Context ctx, int status, String title, String detail, List<Problem.FieldError> errors) {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.path());
    if (!errors.isEmpty()) body.put("errors", errors);
    // As bytes: a String result is encoded in the response's charset, ISO-8859-1 for this type, and
    // "must be ≥ 0" would reach the client as "must be ? 0". JSON is UTF-8.
    ctx.status(status).contentType("application/problem+json").result(mapper.writeValueAsBytes(body));
  }

  /**
   * What Jetty refuses before a request reaches Javalin (headers over its buffer, a broken request line)
   * would otherwise answer as an HTML page.
   */
  private static final class JettyProblems extends ErrorHandler {
    private final JsonMapper mapper;

    JettyProblems(JsonMapper mapper) {
      this.mapper = mapper;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
      response.write(true, ByteBuffer.wrap(body(code, message, request.getHttpURI().getPath())), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
      return ByteBuffer.wrap(body(status, reason, null));
    }

    private byte[] body(int status, String message, String path) {
      var body = new java.util.LinkedHashMap<String, Object>();
      body.put("type", "about:blank");
      body.put("title", HttpStatus.getMessage(status));
      body.put("status", status);
      body.put("detail", message == null || message.isBlank() ? HttpStatus.getMessage(status) : message);
      if (path != null) body.put("instance", path);
      return mapper.writeValueAsBytes(body);
    }
  }

  public HttpServer start(String host, int port) {
    javalin.start(host, port);
    return this;
  }

  public int port() {
    return javalin.port();
  }

  /**
   * The request's JSON body as an object. 415 unless the client said it sends JSON, 413 over 64 KiB,
   * 400 when it is not well-formed JSON.
   */
  public static JsonBody body(Context ctx, JsonMapper mapper) {
    String type = ctx.header("Content-Type"); // ctx.contentType() throws on a charset Jetty does not know
    if (type == null || !(type.startsWith("application/json") || type.matches("application/[\\w.+-]+\\+json.*"))) {
      throw new Problem(415, "Unsupported media type", "send the body as application/json", List.of());
    }
    String text;
    try {
      text = ctx.body();
    } catch (IllegalArgumentException unknownCharset) {
      // Jetty decodes with the charset the Content-Type names and throws on one it does not know.
      throw new Problem(415, "Unsupported media type", "send the body as application/json in UTF-8", List.of());
    }
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JacksonException e) {
      throw Problem.badRequest("body", "is not well-formed JSON: " + e.getOriginalMessage());
    }
    return new JsonBody(node);
  }

  public static void json(Context ctx, int status, Map<String, ?> body) {
    ctx.status(status).json(body);
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
