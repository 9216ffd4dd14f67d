package petstore.app.codec;

import eventkernel.codec.StateCodec;
import petstore.pet.Pet;
import petstore.pet.Pet.Adopted;
import petstore.pet.Pet.Available;
import petstore.pet.Pet.Unregistered;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

// A snapshot is {"state": "<kind>", "pet": {...}}. Changing a state's shape means a new schemaVersion:
// snapshots of the old one are then ignored and the state is folded again from the events.
final class PetStateCodec implements StateCodec<Pet> {
  private final JsonMapper mapper;

  PetStateCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public int schemaVersion() {
    return 1;
  }

  @Override
  public String encode(Pet state) {
    String kind = switch (state) {
      case Unregistered u -> "Unregistered";
      case Available a -> "Available";
      case Adopted a -> "Adopted";
    };
    ObjectNode snapshot = mapper.createObjectNode();
    snapshot.put("state", kind);
    snapshot.set("pet", mapper.valueToTree(state));
    return mapper.writeValueAsString(snapshot);
  }

  @Override
  public Pet decode(String json) {
    JsonNode snapshot = mapper.readTree(json);
    String kind = snapshot.path("state").asString();
    Class<? extends Pet> type = switch (kind) {
      case "Unregistered" -> Unregistered.class;
      case "Available" -> Available.class;
      case "Adopted" -> Adopted.class;
      default -> throw new IllegalArgumentException("unknown pet state '" + kind + "' in snapshot v" + schemaVersion());
    };
    return mapper.treeToValue(snapshot.path("pet"), type);
  }
}
