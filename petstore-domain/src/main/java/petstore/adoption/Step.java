package petstore.adoption;

import java.util.Optional;

/** The eight things an adoption sets in motion; each is done by its own service. */
public enum Step {
  PET_STATUS("pet-status"),
  EMAIL("email"),
  SHELTER_NOTIFICATION("shelter-notification"),
  INVENTORY("inventory"),
  CERTIFICATE("certificate"),
  VET_APPOINTMENT("vet-appointment"),
  WELCOME_PACKAGE("welcome-package"),
  ANALYTICS("analytics");

  private final String wireName;

  Step(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Step> parse(String text) {
    for (Step s : values()) if (s.wireName.equals(text)) return Optional.of(s);
    return Optional.empty();
  }
}
