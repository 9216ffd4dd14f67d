package petstore.bench.axon;

/** The PetStore's pet events as an Axon application would declare them: plain payload classes for Jackson. */
public final class AxonEvents {
  private AxonEvents() {}

  public record PetRegistered(String petId, String name, String species, int age, String shelterId, String at) {}

  public record PetRenamed(String petId, String newName, String at) {}

  /** A payload of a given size, for the relay's messages. */
  public record Blob(String id, String text) {}
}
