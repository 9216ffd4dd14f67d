package petstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import petstore.adoption.AdoptionId;
import petstore.customer.CustomerId;
import petstore.pet.PetId;
import petstore.shelter.ShelterId;

class IdsTest {
  static final String UUID_TEXT = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  static Stream<Arguments> ids() {
    return Stream.of(
        Arguments.of("pet id", (Function<String, Object>) PetId::of),
        Arguments.of("shelter id", (Function<String, Object>) ShelterId::of),
        Arguments.of("customer id", (Function<String, Object>) CustomerId::of),
        Arguments.of("adoption id", (Function<String, Object>) AdoptionId::of));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void an_id_is_written_as_its_bare_uuid_and_read_back_equal(String what, Function<String, Object> of) {
    Object id = of.apply(UUID_TEXT);
    assertThat(id).hasToString(UUID_TEXT).isEqualTo(of.apply(UUID_TEXT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void an_upper_case_uuid_is_the_same_id(String what, Function<String, Object> of) {
    assertThat(of.apply(UUID_TEXT.toUpperCase())).isEqualTo(of.apply(UUID_TEXT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void anything_but_a_uuid_is_refused_naming_the_id(String what, Function<String, Object> of) {
    for (String bad : new String[] {null, "", "rex", "1-2-3-4-5", "+c9e6679-7425-40de-944b-e07fc1f90ae7",
        UUID_TEXT + "0", " " + UUID_TEXT, UUID_TEXT.replace('-', '_')}) {
      assertThatThrownBy(() -> of.apply(bad)).as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(what + " must be a UUID");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void a_very_long_bad_id_is_shortened_in_the_message(String what, Function<String, Object> of) {
    assertThatThrownBy(() -> of.apply("x".repeat(10_000))).hasMessageEndingWith("…'");
  }

  @org.junit.jupiter.api.Test void ids_of_different_kinds_never_equal_each_other() {
    UUID same = UUID.fromString(UUID_TEXT);
    assertThat((Object) new PetId(same)).isNotEqualTo(new ShelterId(same));
  }
}
