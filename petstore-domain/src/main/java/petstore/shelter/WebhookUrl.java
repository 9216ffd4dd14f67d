package petstore.shelter;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

// Only parses; whether the host may be called (SSRF, reachability) is the delivering service's concern.
final class WebhookUrl {
  static final int MAX_LENGTH = 2048;

  private WebhookUrl() {}

  static boolean isValid(String text) {
    if (text.length() > MAX_LENGTH) return false;
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      // No user info: credentials in a URL end up in logs.
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
