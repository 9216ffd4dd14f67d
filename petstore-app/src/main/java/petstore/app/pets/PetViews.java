package petstore.app.pets;

import java.util.LinkedHashMap;
import java.util.Map;
import petstore.pet.Pet;

/** A pet's state as a client reads it. */
final class PetViews {
  private PetViews() {}

  static Map<String, Object> view(Pet pet) {
    Map<String, Object> v = new LinkedHashMap<>();
    switch (pet) {
      case Pet.Available a -> {
        v.put("petId", a.id().toString());
        v.put("status", "available");
        v.put("name", a.name());
        v.put("species", a.species().wireName());
        v.put("age", a.age());
        v.put("shelterId", a.shelter().toString());
        v.put("availableSince", a.availableSince().toString());
      }
      case Pet.Adopted a -> {
        v.put("petId", a.id().toString());
        v.put("status", "adopted");
        v.put("name", a.name());
        v.put("species", a.species().wireName());
        v.put("age", a.age());
        v.put("shelterId", a.shelter().toString());
        v.put("adoptionId", a.adoption().toString());
        v.put("customerId", a.by().toString());
        v.put("adoptedAt", a.adoptedAt().toString());
      }
      case Pet.Unregistered u -> v.put("status", "unregistered");
    }
    return v;
  }
}
