package petstore.app.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrackingNumbersTest {
  static final String adoption = "0195a3c2-7d1e-7c3b-9f00-5e2d1a4b6c7d";

  @Test void the_same_adoption_always_gets_the_same_number() {
    assertThat(TrackingNumbers.forAdoption(adoption)).isEqualTo(TrackingNumbers.forAdoption(new String(adoption)));
  }

  // pinned values, computed independently: a changed derivation would re-number shipments already under way
  @Test void the_number_is_ps_ten_digits_of_the_sha256_and_a_luhn_check_digit() {
    assertThat(TrackingNumbers.forAdoption(adoption)).isEqualTo("PS86622775764");
    assertThat(TrackingNumbers.forAdoption("a")).isEqualTo("PS48449622504");
    assertThat(TrackingNumbers.forAdoption("Zoë")).isEqualTo("PS65165560486");
  }

  @Test void every_number_has_the_format_and_a_valid_check_digit() {
    IntStream.range(0, 1_000).mapToObj(i -> UUID.randomUUID().toString()).map(TrackingNumbers::forAdoption)
        .forEach(number -> {
          assertThat(number).matches("PS\\d{11}");
          assertThat(TrackingNumbers.isValid(number)).as(number).isTrue();
        });
  }

  @Test void different_adoptions_get_different_numbers() {
    Set<String> numbers = new HashSet<>();
    IntStream.range(0, 10_000).forEach(i -> numbers.add(TrackingNumbers.forAdoption("adoption-" + i)));

    assertThat(numbers).hasSize(10_000);
  }

  @Test void a_mistyped_digit_or_swapped_neighbours_fail_the_check() {
    String number = TrackingNumbers.forAdoption(adoption);
    for (int i = 2; i < number.length(); i++) {
      char[] typo = number.toCharArray();
      typo[i] = (char) ('0' + (typo[i] - '0' + 1) % 10);
      assertThat(TrackingNumbers.isValid(new String(typo))).as("typo at %d", i).isFalse();
    }
    for (int i = 2; i < number.length() - 1; i++) {
      char[] swapped = number.toCharArray();
      if (swapped[i] == swapped[i + 1] || Set.of("09", "90").contains("" + swapped[i] + swapped[i + 1])) continue;  // Luhn's blind spots
      char c = swapped[i];
      swapped[i] = swapped[i + 1];
      swapped[i + 1] = c;
      assertThat(TrackingNumbers.isValid(new String(swapped))).as("swap at %d", i).isFalse();
    }
  }

  @Test void anything_not_shaped_like_a_number_is_invalid() {
    assertThat(TrackingNumbers.isValid(null)).isFalse();
    assertThat(TrackingNumbers.isValid("")).isFalse();
    assertThat(TrackingNumbers.isValid("PS8662277576")).isFalse();
    assertThat(TrackingNumbers.isValid("XX86622775764")).isFalse();
    assertThat(TrackingNumbers.isValid("ps86622775764")).isFalse();
    assertThat(TrackingNumbers.isValid("PS866227757641")).isFalse();
  }

  @Test void an_adoption_id_is_required() {
    assertThatThrownBy(() -> TrackingNumbers.forAdoption(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
