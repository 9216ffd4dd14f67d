package petstore.customer;

// Plausible, not proven: only a mail that arrives proves an address. One @, a local part, and a domain
// with a dot inside it; no whitespace; at most 254 characters (RFC 5321's path limit).
final class EmailAddress {
  static final int MAX_LENGTH = 254;

  private EmailAddress() {}

  static boolean isPlausible(String text) {
    if (text.length() > MAX_LENGTH || text.chars().anyMatch(Character::isWhitespace)) return false;
    int at = text.indexOf('@');
    if (at <= 0 || at != text.lastIndexOf('@')) return false;
    String domain = text.substring(at + 1);
    int dot = domain.indexOf('.');
    return dot > 0 && !domain.endsWith(".") && !domain.contains("..");
  }
}
