package petstore.app.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import petstore.app.effects.ShelterWebhook.DeliveryFailed;

class ShelterWebhookTest {
  static final String secret = "shelter-7-secret";
  static final byte[] body = "{\"type\":\"PetAdopted\",\"pet\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);

  record Received(String method, String contentType, String signature, String delivery, String event, byte[] body) {}

  HttpServer receiver;
  final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final CountDownLatch release = new CountDownLatch(1);
  volatile int answer = 204;
  ShelterWebhook webhook = new ShelterWebhook(Duration.ofSeconds(2), Duration.ofSeconds(5));

  @BeforeEach void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.createContext("/hooks/petstore", this::receive);
    receiver.createContext("/hooks/silent", exchange -> {
      record(exchange);
      awaitRelease();
      exchange.close();
    });
    receiver.createContext("/hooks/stalling", exchange -> {
      record(exchange);
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write('{');
      exchange.getResponseBody().flush();
      awaitRelease();
      exchange.close();
    });
    receiver.createContext("/hooks/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/hooks/petstore");
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach void stopReceiver() {
    release.countDown();
    webhook.close();
    receiver.stop(0);
  }

  void receive(HttpExchange exchange) throws IOException {
    record(exchange);
    exchange.sendResponseHeaders(answer, -1);
    exchange.close();
  }

  void record(HttpExchange exchange) throws IOException {
    var h = exchange.getRequestHeaders();
    received.add(new Received(exchange.getRequestMethod(), h.getFirst("Content-Type"), h.getFirst("X-PetStore-Signature"),
        h.getFirst("X-PetStore-Delivery"), h.getFirst("X-PetStore-Event"), exchange.getRequestBody().readAllBytes()));
  }

  void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int port() {
    return receiver.getAddress().getPort();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  Received onlyReceived() throws InterruptedException {
    Received r = received.poll(5, TimeUnit.SECONDS);
    assertThat(received).isEmpty();
    return r;
  }

  @Nested class Delivering {
    @Test void the_receiver_gets_the_exact_body_signed_under_the_shelters_secret() throws Exception {
      int status = webhook.post(url("/hooks/petstore"), secret, "delivery-42", "PetAdopted", body);

      assertThat(status).isEqualTo(204);
      Received r = onlyReceived();
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.body()).isEqualTo(body);
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.signature()).matches("sha256=[0-9a-f]{64}");
      assertThat(ShelterWebhook.verify(secret, r.body(), r.signature())).isTrue();
    }

    @Test void the_delivery_id_and_event_type_travel_as_headers() throws Exception {
      webhook.post(url("/hooks/petstore"), secret, "delivery-42", "PetAdopted", body);

      Received r = onlyReceived();
      assertThat(r.delivery()).isEqualTo("delivery-42");
      assertThat(r.event()).isEqualTo("PetAdopted");
    }

    @Test void any_2xx_is_success_and_its_status_is_returned() {
      answer = 202;
      assertThat(webhook.post(url("/hooks/petstore"), secret, "d-1", "PetAdopted", body)).isEqualTo(202);
    }
  }

  @Nested class Failing {
    @Test void a_receiver_answering_500_fails_the_delivery_naming_the_status() {
      answer = 500;

      DeliveryFailed failed = catchThrowableOfType(DeliveryFailed.class,
          () -> webhook.post(url("/hooks/petstore"), secret, "delivery-42", "PetAdopted", body));

      assertThat(failed).hasMessageContaining("HTTP 500").hasMessageContaining("delivery-42").hasMessageContaining(url("/hooks/petstore").toString());
      assertThat(failed.status()).hasValue(500);
    }

    @Test void a_client_error_fails_the_delivery_too() {
      answer = 404;
      assertThat(catchThrowableOfType(DeliveryFailed.class,
          () -> webhook.post(url("/hooks/petstore"), secret, "d", "PetAdopted", body)).status()).hasValue(404);
    }

    @Test void a_redirect_is_not_followed_and_fails_the_delivery() throws Exception {
      assertThat(catchThrowableOfType(DeliveryFailed.class,
          () -> webhook.post(url("/hooks/moved"), secret, "d", "PetAdopted", body)).status()).hasValue(307);
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test void a_receiver_that_never_answers_times_out_within_the_limit() {
      webhook.close();
      webhook = new ShelterWebhook(Duration.ofSeconds(2), Duration.ofMillis(700));
      long started = System.nanoTime();

      DeliveryFailed failed = catchThrowableOfType(DeliveryFailed.class,
          () -> webhook.post(url("/hooks/silent"), secret, "d", "PetAdopted", body));

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(failed).hasMessageContaining("timed out");
      assertThat(failed.status()).isEmpty();
      assertThat(took).isBetween(Duration.ofMillis(600), Duration.ofSeconds(3));
    }

    @Test void a_receiver_that_stalls_after_the_headers_times_out_too() {
      webhook.close();
      webhook = new ShelterWebhook(Duration.ofSeconds(2), Duration.ofMillis(700));
      long started = System.nanoTime();

      assertThatThrownBy(() -> webhook.post(url("/hooks/stalling"), secret, "d", "PetAdopted", body))
          .isInstanceOf(DeliveryFailed.class).hasMessageContaining("timed out");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test void nothing_listening_fails_the_delivery_naming_the_cause() throws IOException {
      int closedPort;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closedPort = s.getLocalPort();
      }

      assertThatThrownBy(() -> webhook.post(URI.create("http://127.0.0.1:" + closedPort + "/x"), secret, "d", "PetAdopted", body))
          .isInstanceOf(DeliveryFailed.class)
          .hasMessageContaining("ConnectException");
    }

    @Test void only_http_and_https_urls_are_accepted() {
      for (String url : new String[] {"file:///etc/passwd", "ftp://example.org/hook", "mailto:a@b.org", "/relative"}) {
        assertThatThrownBy(() -> webhook.post(URI.create(url), secret, "d", "PetAdopted", body))
            .as(url).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Nested class Verifying {
    final String signature = ShelterWebhook.sign(secret, body);

    @Test void the_signature_is_the_hex_hmac_sha256_of_the_body() {
      // RFC 4231 test case 2
      assertThat(ShelterWebhook.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
          .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test void a_wrong_secret_does_not_verify() {
      assertThat(ShelterWebhook.verify("another-secret", body, signature)).isFalse();
    }

    @Test void a_changed_body_does_not_verify() {
      byte[] tampered = body.clone();
      tampered[tampered.length - 2] ^= 1;
      assertThat(ShelterWebhook.verify(secret, tampered, signature)).isFalse();
    }

    @Test void a_missing_or_malformed_header_does_not_verify() {
      assertThat(ShelterWebhook.verify(secret, body, null)).isFalse();
      assertThat(ShelterWebhook.verify(secret, body, "")).isFalse();
      assertThat(ShelterWebhook.verify(secret, body, signature.substring("sha256=".length()))).isFalse();
      assertThat(ShelterWebhook.verify(secret, body, "sha256=not-hex")).isFalse();
      assertThat(ShelterWebhook.verify(secret, body, signature.substring(0, signature.length() - 2))).isFalse();
    }

    @Test void upper_case_hex_verifies() {
      assertThat(ShelterWebhook.verify(secret, body, "sha256=" + signature.substring(7).toUpperCase())).isTrue();
    }
  }
}
