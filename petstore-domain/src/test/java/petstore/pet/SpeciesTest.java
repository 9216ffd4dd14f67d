package petstore.pet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeciesTest {
  @Test void each_species_is_written_by_its_lower_case_wire_name() {
    assertThat(Species.values()).extracting(Species::wireName).containsExactly("dog", "cat", "bird", "rabbit");
  }

  @Test void a_wire_name_parses_back_to_its_species() {
    for (Species species : Species.values()) assertThat(Species.parse(species.wireName())).contains(species);
  }

  @Test void anything_else_parses_to_nothing() {
    assertThat(Species.parse("hamster")).isEmpty();
    assertThat(Species.parse(null)).isEmpty();
    assertThat(Species.parse("DOG ")).isEmpty();
  }
}
