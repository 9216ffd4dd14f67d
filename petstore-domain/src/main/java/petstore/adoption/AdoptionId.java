package petstore.adoption;

import java.util.Objects;
import java.util.UUID;
import petstore.validation.Uuids;

public record AdoptionId(UUID value) {
  public AdoptionId {
    Objects.requireNonNull(value, "adoption id");
  }

  public static AdoptionId of(String text) {
    return new AdoptionId(Uuids.parse("adoption id", text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
