package petstore.app.effects;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Welcome-package tracking numbers: {@code PS}, ten digits from the SHA-256 of the adoption id, a Luhn check digit.
 * Derived, not drawn, so a repeated shipment step gets the same number; the check digit catches a mistyped one.
 */
public final class TrackingNumbers {

  private static final Pattern FORMAT = Pattern.compile("PS\\d{11}");
  private static final long TEN_DIGITS = 10_000_000_000L;

  private TrackingNumbers() {}

  public static String forAdoption(String adoptionId) {
    if (adoptionId == null || adoptionId.isBlank()) throw new IllegalArgumentException("an adoption id is required");
    long hash = ByteBuffer.wrap(sha256(adoptionId.getBytes(StandardCharsets.UTF_8))).getLong();
    String digits = String.format("%010d", Long.remainderUnsigned(hash, TEN_DIGITS));
    return "PS" + digits + luhnCheckDigit(digits);
  }

  public static boolean isValid(String trackingNumber) {
    if (trackingNumber == null || !FORMAT.matcher(trackingNumber).matches()) return false;
    String digits = trackingNumber.substring(2, 12);
    return trackingNumber.charAt(12) - '0' == luhnCheckDigit(digits);
  }

  private static int luhnCheckDigit(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return (10 - sum % 10) % 10;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
