package petstore.validation;

// reason completes the sentence "<field> …", e.g. "age must be between 0 and 100".
public record FieldError(String field, String reason) {
  @Override
  public String toString() {
    return field + " " + reason;
  }
}
