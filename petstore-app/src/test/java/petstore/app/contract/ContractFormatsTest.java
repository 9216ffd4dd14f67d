package petstore.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The quick uuid and date-time checks never accept what networknt's own formats would refuse. */
class ContractFormatsTest {
  static final Format uuid = networknt("uuid");
  static final Format dateTime = networknt("date-time");
  static final ExecutionContext context = new ExecutionContext();

  static Format networknt(String name) {
    return Formats.DEFAULT.stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void what_this_system_writes_takes_the_quick_path() {
    assertThat(FastFormats.plainUuid(UUID.randomUUID().toString())).isTrue();
    assertThat(FastFormats.plainUuid(UUID.nameUUIDFromBytes("x".getBytes(StandardCharsets.UTF_8)).toString())).isTrue();
    for (String t : List.of(Instant.parse("2026-03-13T10:00:00Z").toString(), "2026-03-13T10:00:00.123Z", "2026-03-13T10:00:00.123456Z",
        "2026-03-13T10:00:00.123456789Z", "2024-02-29T23:59:59+01:00", "2026-12-31T00:00:00-05:30")) {
      assertThat(FastFormats.plainDateTime(t)).as(t).isTrue();
    }
  }

  @Test
  void what_the_quick_path_refuses_is_left_to_networknt() {
    for (String t : List.of("2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-03-13T24:00:00Z",
        "2026-03-13T10:00:00", "2026-03-13 10:00:00Z", "2026-03-13T10:00:00.Z", "2026-03-13T10:00:00.1234567890Z",
        "2016-12-31T23:59:60Z", "2026-03-13t10:00:00z", "0999-01-01T00:00:00Z", "2026-03-13T10:00:00+0100")) {
      assertThat(FastFormats.plainDateTime(t)).as(t).isFalse();
    }
    for (String u : List.of("", "7c9e6679742540de944be07fc1f90ae7", "7c9e6679-7425-40de-944b-e07fc1f90ae", "7c9e6679-7425-40de-944b_e07fc1f90ae7",
        "{7c9e6679-7425-40de-944b-e07fc1f90ae7}", "7c9e6679-7425-40de-944b-e07fc1f90aeg")) {
      assertThat(FastFormats.plainUuid(u)).as(u).isFalse();
    }
  }

  @Test
  void every_uuid_the_quick_path_accepts_networknt_accepts() {
    List<String> seeds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString().toUpperCase(), "00000000-0000-0000-0000-000000000000");
    assertAgree(seeds, "0123456789abcdefABCDEFgG-_{} \n", FastFormats::plainUuid, uuid);
  }

  @Test
  void every_date_time_the_quick_path_accepts_networknt_accepts() {
    List<String> seeds = new ArrayList<>(List.of("2026-03-13T10:00:00Z", "2024-02-29T23:59:59.999999999+14:00", "1000-01-01T00:00:00.1-23:59",
        "2100-02-28T12:30:45.5Z", "2000-02-29T00:00:00Z", "1900-02-28T00:00:00Z", "2026-06-30T00:00:00+05:30"));
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      seeds.add(OffsetDateTime.ofInstant(Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000)),
          ZoneOffset.ofTotalSeconds(random.nextInt(-18, 19) * 3600)).toString());
    }
    assertAgree(seeds, "0123456789-:.TtZz+ ", FastFormats::plainDateTime, dateTime);
  }

  /** Mutates each seed many times; whatever the quick check accepts, networknt must accept too. */
  private static void assertAgree(List<String> seeds, String alphabet, Predicate<String> quick, Format networknt) {
    Random random = new Random(42);
    int accepted = 0;
    for (String seed : seeds) {
      for (int round = 0; round < 2_000; round++) {
        StringBuilder s = new StringBuilder(seed);
        for (int edits = 1 + random.nextInt(3); edits > 0 && !s.isEmpty(); edits--) {
          int at = random.nextInt(s.length());
          char c = alphabet.charAt(random.nextInt(alphabet.length()));
          switch (random.nextInt(3)) {
            case 0 -> s.setCharAt(at, c);
            case 1 -> s.insert(at, c);
            default -> s.deleteCharAt(at);
          }
        }
        String candidate = round == 0 ? seed : s.toString();
        if (quick.test(candidate)) {
          accepted++;
          assertThat(networknt.matches(context, candidate)).as("networknt refuses %s, which the quick check accepts", candidate).isTrue();
        }
      }
    }
    assertThat(accepted).as("some candidates take the quick path").isGreaterThan(seeds.size());
  }
}
