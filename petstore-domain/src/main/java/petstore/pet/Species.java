package petstore.pet;

import java.util.Locale;
import java.util.Optional;

public enum Species {
  DOG("dog"),
  CAT("cat"),
  BIRD("bird"),
  RABBIT("rabbit");

  private final String wireName;

  Species(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  // Case-insensitive so "Dog" from an old client is still a dog; written back always in lower case.
  public static Optional<Species> parse(String text) {
    if (text == null) return Optional.empty();
    String wanted = text.toLowerCase(Locale.ROOT);
    for (Species species : values()) {
      if (species.wireName.equals(wanted)) return Optional.of(species);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
