package petstore.app.effects;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Delivers an event to a shelter's webhook, signed with the shelter's secret so the shelter can trust it. */
public final class ShelterWebhook implements AutoCloseable {

  public static final class DeliveryFailed extends RuntimeException {
    private final Integer status;

    DeliveryFailed(String message, Integer status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The receiver's HTTP status, empty when no response came (refused, reset, timed out). */
    public OptionalInt status() {
      return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }
  }

  public static final String SIGNATURE_HEADER = "X-PetStore-Signature";
  public static final String DELIVERY_HEADER = "X-PetStore-Delivery";
  public static final String EVENT_HEADER = "X-PetStore-Event";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static final String PREFIX = "sha256=";

  private final HttpClient client;
  private final Duration requestTimeout;

  public ShelterWebhook() {
    this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  public ShelterWebhook(Duration connectTimeout, Duration requestTimeout) {
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.client = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        // a redirect would re-send the signed body somewhere the shelter did not register
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** @return the receiver's 2xx status; any other outcome throws {@link DeliveryFailed} so the caller retries */
  public int post(URI url, String secret, String deliveryId, String eventType, byte[] body) {
    checkUrl(url);
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header(SIGNATURE_HEADER, sign(secret, body))
        .header(DELIVERY_HEADER, Objects.requireNonNull(deliveryId, "deliveryId"))
        .header(EVENT_HEADER, Objects.requireNonNull(eventType, "eventType"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    String what = eventType + " delivery " + deliveryId + " to " + url;
    // the request timeout stops at the response headers; this deadline also bounds a receiver that stalls the body
    CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> response;
    try {
      response = sent.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw new DeliveryFailed(what + " timed out after " + requestTimeout.toMillis() + " ms", null, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new DeliveryFailed(what + " failed: " + describe(cause), null, cause);
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new DeliveryFailed(what + " interrupted", null, e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) throw new DeliveryFailed(what + " answered HTTP " + status, status, null);
    return status;
  }

  /** The {@value #SIGNATURE_HEADER} value for {@code body}: {@code sha256=} and the hex HMAC-SHA256 under {@code secret}. */
  public static String sign(String secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
  }

  /** For a receiver: whether {@code signatureHeader} is the signature of exactly these body bytes under {@code secret}. */
  public static boolean verify(String secret, byte[] body, String signatureHeader) {
    if (signatureHeader == null || !signatureHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return false;
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signatureHeader.substring(PREFIX.length()).trim());
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    // constant time: a comparison that stops at the first difference tells an attacker how much they got right
    return MessageDigest.isEqual(hmac(secret, body), given);
  }

  private static byte[] hmac(String secret, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("a webhook secret must not be empty");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  private static void checkUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("a shelter webhook must be an http(s) URL with a host, got " + url);
    }
  }

  // the JDK client often reports with empty messages (a refused connection is a bare ConnectException over a
  // ClosedChannelException), so the whole chain is named
  private static String describe(Throwable cause) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (!text.isEmpty()) text.append(" <- ");
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) text.append(": ").append(t.getMessage());
    }
    return text.toString();
  }

  // in-flight deliveries are abandoned, not awaited: they were not acknowledged, so they will be retried
  @Override public void close() {
    client.shutdownNow();
  }
}
