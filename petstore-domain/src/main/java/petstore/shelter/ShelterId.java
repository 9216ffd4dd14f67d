package petstore.shelter;

import java.util.Objects;
import java.util.UUID;
import petstore.validation.Uuids;

public record ShelterId(UUID value) {
  public ShelterId {
    Objects.requireNonNull(value, "shelter id");
  }

  public static ShelterId of(String text) {
    return new ShelterId(Uuids.parse("shelter id", text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
