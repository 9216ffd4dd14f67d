package petstore.app.codec;

import tools.jackson.databind.node.ObjectNode;

// The first shape of PetRegistered, before age was recorded, when the name was called petName. Events
// already stored under this type are read as today's PetRegistered; nothing writes it any more.
// An age of 0 stands for "not recorded", as no better value is known for those pets.
final class PetRegisteredV0 {
  static final String TYPE = "PetRegistered.v0";

  private PetRegisteredV0() {}

  static ObjectNode toCurrent(ObjectNode v0) {
    if (v0.has("petName")) v0.set("name", v0.remove("petName"));
    if (!v0.has("age")) v0.put("age", 0);
    return v0;
  }
}
