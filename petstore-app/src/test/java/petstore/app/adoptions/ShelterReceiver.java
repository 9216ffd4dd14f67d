package petstore.app.adoptions;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import petstore.app.effects.ShelterWebhook;

/**
 * A shelter's webhook endpoint, as a shelter would run it: the JDK's own HTTP server. It answers the
 * scripted statuses in turn, then {@link #otherwise}; every request it received is kept.
 */
final class ShelterReceiver implements AutoCloseable {
  record Received(byte[] body, String signature, String delivery, String event, int answered) {}

  private final HttpServer server;
  private final Deque<Integer> script = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private int otherwise = 200;

  private ShelterReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/petstore-events", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      int status;
      synchronized (this) {
        status = script.isEmpty() ? otherwise : script.poll();
        received.add(new Received(body, exchange.getRequestHeaders().getFirst(ShelterWebhook.SIGNATURE_HEADER),
            exchange.getRequestHeaders().getFirst(ShelterWebhook.DELIVERY_HEADER),
            exchange.getRequestHeaders().getFirst(ShelterWebhook.EVENT_HEADER), status));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** Answers {@code first} in turn, then {@code then} to every request. */
  static ShelterReceiver answering(int then, Integer... first) {
    ShelterReceiver r = new ShelterReceiver();
    r.script.addAll(List.of(first));
    r.otherwise = then;
    return r;
  }

  synchronized void answerFromNowOn(int status) {
    script.clear();
    otherwise = status;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/petstore-events";
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  synchronized List<Received> accepted() {
    return received.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
