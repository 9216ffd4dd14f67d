package petstore.app.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static petstore.app.codec.Samples.adoption;
import static petstore.app.codec.Samples.alice;
import static petstore.app.codec.Samples.happyPaws;
import static petstore.app.codec.Samples.monday;
import static petstore.app.codec.Samples.precise;
import static petstore.app.codec.Samples.rex;
import static petstore.app.codec.Samples.stored;

import eventkernel.codec.EventCodec;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import petstore.customer.CustomerEvent.CustomerRegistered;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetEvent.PetNameChanged;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetEvent.PetReturned;
import petstore.pet.Species;
import petstore.shelter.ShelterEvent.ShelterRegistered;

class EventRoundTripTest {
  static final PetStoreJson json = new PetStoreJson();

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("PetRegistered", json.petEvents(), new PetRegistered(rex, "Rex", Species.DOG, 3, happyPaws, monday)),
        Arguments.of("PetRegistered", json.petEvents(), new PetRegistered(rex, "Zoë 🐾 \"quoted\"", Species.RABBIT, 0, happyPaws, precise)),
        Arguments.of("PetAdopted", json.petEvents(), new PetAdopted(rex, adoption, alice, monday)),
        Arguments.of("PetReturned", json.petEvents(), new PetReturned(rex, adoption, "allergic to dogs", precise)),
        Arguments.of("PetNameChanged", json.petEvents(), new PetNameChanged(rex, "Max", monday)),
        Arguments.of("ShelterRegistered", json.shelterEvents(),
            new ShelterRegistered(happyPaws, "Happy Paws", "Lyon", "https://happypaws.example.org/hook", "s3cr3t-s3cr3t-s3cr3t", monday)),
        Arguments.of("ShelterRegistered", json.shelterEvents(), new ShelterRegistered(happyPaws, "Happy Paws", "Lyon", null, null, monday)),
        Arguments.of("CustomerRegistered", json.customerEvents(), new CustomerRegistered(alice, "Alice Martin", "alice@example.org", monday)));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("events")
  <E> void every_event_is_stored_under_its_type_name_and_read_back_equal(String type, EventCodec<E> codec, E event) {
    NewEvent written = codec.encode(event, Metadata.NONE);

    assertThat(written.type()).isEqualTo(type);
    assertThat(codec.decode(stored(StreamId.of("any-1"), written.type(), written.payload()))).isEqualTo(event);
  }
}
