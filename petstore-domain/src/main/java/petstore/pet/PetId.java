package petstore.pet;

import java.util.Objects;
import java.util.UUID;
import petstore.validation.Uuids;

public record PetId(UUID value) {
  public PetId {
    Objects.requireNonNull(value, "pet id");
  }

  public static PetId of(String text) {
    return new PetId(Uuids.parse("pet id", text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
