package petstore.customer;

import java.util.Objects;
import java.util.UUID;
import petstore.validation.Uuids;

public record CustomerId(UUID value) {
  public CustomerId {
    Objects.requireNonNull(value, "customer id");
  }

  public static CustomerId of(String text) {
    return new CustomerId(Uuids.parse("customer id", text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
