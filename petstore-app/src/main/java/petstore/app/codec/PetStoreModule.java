package petstore.app.codec;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import petstore.adoption.AdoptionId;
import petstore.adoption.Step;
import petstore.customer.CustomerId;
import petstore.pet.PetId;
import petstore.pet.Species;
import petstore.shelter.ShelterId;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

// The domain's value types as JSON strings, registered by hand: the domain carries no annotations and
// the mapper scans nothing. Ids are bare UUIDs, species their wire names, instants ISO-8601.
final class PetStoreModule extends SimpleModule {
  PetStoreModule() {
    super("petstore");
    asString(PetId.class, PetId::toString, PetId::of);
    asString(ShelterId.class, ShelterId::toString, ShelterId::of);
    asString(CustomerId.class, CustomerId::toString, CustomerId::of);
    asString(AdoptionId.class, AdoptionId::toString, AdoptionId::of);
    asString(Species.class, Species::wireName,
        text -> Species.parse(text).orElseThrow(() -> new IllegalArgumentException("not one of dog, cat, bird, rabbit")));
    asString(Instant.class, Instant::toString, Instant::parse);
    asString(Step.class, Step::wireName, text -> Step.parse(text).orElseThrow(() -> new IllegalArgumentException("no step " + text)));
  }

  private <T> void asString(Class<T> type, Function<T, String> write, Function<String, T> read) {
    addSerializer(type, new StdSerializer<T>(type) {
      @Override
      public void serialize(T value, JsonGenerator json, SerializationContext context) {
        json.writeString(write.apply(value));
      }
    });
    addDeserializer(type, new StdDeserializer<T>(type) {
      @Override
      public T deserialize(JsonParser json, DeserializationContext context) {
        if (!json.hasToken(JsonToken.VALUE_STRING)) return type.cast(context.handleUnexpectedToken(type, json));
        String text = json.getString();
        try {
          return read.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
          throw context.weirdStringException(text, type, e.getMessage());
        }
      }
    });
  }
}
