package petstore.app.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static petstore.app.codec.Samples.adoption;
import static petstore.app.codec.Samples.alice;
import static petstore.app.codec.Samples.happyPaws;
import static petstore.app.codec.Samples.monday;
import static petstore.app.codec.Samples.precise;
import static petstore.app.codec.Samples.rex;

import eventkernel.codec.StateCodec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import petstore.pet.Pet;
import petstore.pet.Species;

class PetStateCodecTest {
  final StateCodec<Pet> snapshots = new PetStoreJson().petState();

  static Stream<Pet> everyState() {
    return Stream.of(
        new Pet.Unregistered(),
        new Pet.Available(rex, "Rex", Species.BIRD, 2, happyPaws, precise),
        new Pet.Adopted(rex, "Rex", Species.DOG, 3, happyPaws, adoption, alice, monday));
  }

  @ParameterizedTest
  @MethodSource("everyState")
  void every_state_survives_a_snapshot(Pet state) {
    assertThat(snapshots.decode(snapshots.encode(state))).isEqualTo(state);
  }

  @Test void snapshots_are_schema_version_1() {
    assertThat(snapshots.schemaVersion()).isEqualTo(1);
  }

  @Test void a_snapshot_names_its_state() {
    assertThat(snapshots.encode(new Pet.Unregistered())).contains("\"state\":\"Unregistered\"");
  }

  @Test void a_snapshot_of_a_state_this_code_does_not_know_is_refused() {
    assertThatThrownBy(() -> snapshots.decode("{\"state\":\"Lost\",\"pet\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Lost");
  }
}
