package petstore.app.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client as small as the protocol: one GET, then lines; a blank line ends a frame.
 * Frames (and comments, which a browser drops but a test wants to see) queue up for the test to take.
 */
final class EventStream implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  /** One frame as the client got it: {@code id} is null when the frame carried none. */
  record Frame(String id, String event, String data, String comment) {
    boolean isComment() {
      return comment != null;
    }

    JsonNode json() {
      return JSON.readTree(data);
    }

    /** The message's own id: unique per public message, the same on every delivery. */
    String messageId() {
      return json().path("eventId").asString();
    }

    @Override
    public String toString() {
      return isComment() ? ": " + comment : "id=" + id + " event=" + event + " " + data;
    }
  }

  private final int status;
  private final String contentType;
  private final Stream<String> lines;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final List<Frame> all = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile boolean ended;

  private EventStream(HttpResponse<Stream<String>> response) {
    this.status = response.statusCode();
    this.contentType = response.headers().firstValue("Content-Type").orElse("");
    this.lines = response.body();
    Thread.ofVirtual().name("sse-test-reader").start(this::read);
  }

  /** Opens {@code /api/events/stream} + {@code query}; {@code lastEventId} may be null. */
  static EventStream open(int port, String query, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events/stream" + query))
        .header("Accept", "text/event-stream").GET();
    if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
    try {
      return new EventStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static EventStream open(int port, String query) {
    return open(port, query, null);
  }

  private void read() {
    String id = null, event = null;
    StringBuilder data = null;
    try {
      var it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.isEmpty()) {
          if (data != null) add(new Frame(id, event == null ? "message" : event, data.toString(), null));
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          add(new Frame(null, null, null, line.substring(1).strip()));
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) value = value.substring(1);
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { }
          }
        }
      }
    } catch (RuntimeException e) {
      // closed by the test, or the server ended the stream: either way the stream is over
    } finally {
      ended = true;
    }
  }

  private void add(Frame frame) {
    all.add(frame);
    frames.add(frame);
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  boolean ended() {
    return ended;
  }

  /** The next frame that is not a comment, or null when none came within {@code wait}. */
  Frame next(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null || !f.isComment()) return f;
    }
  }

  /** Takes events (not comments) until one matches; fails when none does within {@code wait}. */
  Frame awaitFrame(Predicate<Frame> match, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f != null && !f.isComment() && match.test(f)) return f;
    }
    List<Frame> got = received();
    throw new AssertionError("no matching frame within " + wait + "; got " + got.size() + " frames, the last: "
        + got.subList(Math.max(0, got.size() - 3), got.size()));
  }

  /** Every frame received so far, comments included, in order. */
  List<Frame> receivedWithComments() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** Every event received so far (no comments), in order. */
  List<Frame> received() {
    return receivedWithComments().stream().filter(f -> !f.isComment()).toList();
  }

  /** Hangs up at once, as a client whose network went away. */
  @Override
  public void close() {
    lines.close();
  }
}
