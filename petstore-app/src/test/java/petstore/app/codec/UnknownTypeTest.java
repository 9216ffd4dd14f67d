package petstore.app.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static petstore.app.codec.Samples.rexStream;
import static petstore.app.codec.Samples.stored;

import eventkernel.store.UnknownEventType;
import org.junit.jupiter.api.Test;

// An event this deployment cannot read must stop the load: skipping it would fold a wrong state.
class UnknownTypeTest {
  final PetStoreJson json = new PetStoreJson();

  @Test void an_unknown_type_is_refused_naming_the_type_and_the_stream() {
    UnknownEventType unknown = catchThrowableOfType(UnknownEventType.class,
        () -> json.petEvents().decode(stored(rexStream, "PetVaccinated", "{}")));

    assertThat(unknown.type()).isEqualTo("PetVaccinated");
    assertThat(unknown.stream()).isEqualTo(rexStream);
    assertThat(unknown).hasMessageContaining("PetVaccinated").hasMessageContaining(rexStream.toString());
  }

  @Test void another_familys_type_is_unknown_to_the_pet_codec() {
    assertThat(catchThrowableOfType(UnknownEventType.class,
        () -> json.petEvents().decode(stored(rexStream, "ShelterRegistered", "{}"))).type())
        .isEqualTo("ShelterRegistered");
  }
}
