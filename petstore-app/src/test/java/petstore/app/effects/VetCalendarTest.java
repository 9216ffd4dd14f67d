package petstore.app.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import petstore.app.effects.VetCalendar.Slot;

class VetCalendarTest {
  static final ZoneId oslo = ZoneId.of("Europe/Oslo");
  static final String hart = "Dr. Ada Hart";
  static final String okoro = "Dr. Ben Okoro";
  final VetCalendar calendar = new VetCalendar(List.of(hart, okoro), oslo);

  static Instant oslo(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(oslo).toInstant();
  }

  static LocalDateTime local(Slot slot) {
    return LocalDateTime.ofInstant(slot.start(), oslo);
  }

  Slot first(String adoptedAt) {
    return calendar.firstFree(oslo(adoptedAt), slot -> false).orElseThrow();
  }

  @Nested class TheEarliestSlot {
    @Test void is_72_hours_after_the_adoption_when_that_is_a_slot_in_clinic_hours() {
      assertThat(first("2025-03-10T10:00")).isEqualTo(new Slot(hart, oslo("2025-03-13T10:00")));  // Monday → Thursday
    }

    @Test void is_rounded_up_to_the_next_half_hour() {
      assertThat(local(first("2025-03-11T10:10"))).isEqualTo("2025-03-14T10:30");  // Tuesday → Friday
      assertThat(local(first("2025-03-11T10:30:00.000000001"))).isEqualTo("2025-03-14T11:00");
    }

    @Test void keeps_an_exact_boundary() {
      assertThat(local(first("2025-03-11T10:30"))).isEqualTo("2025-03-14T10:30");
    }

    @Test void after_a_friday_afternoon_adoption_is_monday_afternoon() {
      assertThat(local(first("2025-03-14T14:10"))).isEqualTo("2025-03-17T14:30");
    }

    @Test void after_a_friday_adoption_past_the_last_slot_is_tuesday_morning() {
      assertThat(local(first("2025-03-14T16:45"))).isEqualTo("2025-03-18T09:00");
    }

    @Test void after_a_thursday_adoption_falls_on_the_weekend_and_moves_to_monday_morning() {
      assertThat(local(first("2025-03-13T12:00"))).isEqualTo("2025-03-17T09:00");
    }

    @Test void after_a_saturday_adoption_is_tuesday() {
      assertThat(local(first("2025-03-15T11:20"))).isEqualTo("2025-03-18T11:30");
    }

    @Test void before_opening_is_the_opening_slot() {
      assertThat(local(first("2025-03-10T06:00"))).isEqualTo("2025-03-13T09:00");
    }

    @Test void goes_to_the_first_vet_in_configured_order() {
      assertThat(first("2025-03-10T06:00").vet()).isEqualTo(hart);
      assertThat(new VetCalendar(List.of(okoro, hart), oslo).firstFree(oslo("2025-03-10T06:00"), s -> false).orElseThrow().vet())
          .isEqualTo(okoro);
    }
  }

  @Nested class TakenSlots {
    @Test void a_taken_slot_goes_to_the_next_vet_at_the_same_time() {
      Slot firstOfHart = new Slot(hart, oslo("2025-03-13T09:00"));

      assertThat(calendar.firstFree(oslo("2025-03-10T06:00"), firstOfHart::equals))
          .contains(new Slot(okoro, oslo("2025-03-13T09:00")));
    }

    @Test void when_every_vet_is_taken_the_next_slot_starts_again_with_the_first_vet() {
      Set<Instant> busy = Set.of(oslo("2025-03-13T09:00"), oslo("2025-03-13T09:30"));

      assertThat(calendar.firstFree(oslo("2025-03-10T06:00"), slot -> busy.contains(slot.start())))
          .contains(new Slot(hart, oslo("2025-03-13T10:00")));
    }

    @Test void a_fully_booked_day_moves_to_the_next_clinic_day() {
      assertThat(calendar.firstFree(oslo("2025-03-14T14:10"),
          slot -> local(slot).toLocalDate().equals(LocalDate.parse("2025-03-17"))))
          .contains(new Slot(hart, oslo("2025-03-18T09:00")));
    }

    @Test void nothing_free_within_the_horizon_is_no_slot_after_a_bounded_search() {
      AtomicInteger asked = new AtomicInteger();

      assertThat(calendar.firstFree(oslo("2025-03-10T06:00"), slot -> asked.incrementAndGet() > 0)).isEmpty();
      // 90 days from Thursday 13 March hold 64 weekdays of 16 slots for 2 vets
      assertThat(asked).hasValue(64 * 16 * 2);
    }

    @Test void the_search_stops_at_the_first_free_slot() {
      AtomicInteger asked = new AtomicInteger();

      calendar.firstFree(oslo("2025-03-10T06:00"), slot -> asked.incrementAndGet() < 3);

      assertThat(asked).hasValue(3);
    }
  }

  @Nested class ClinicHours {
    @Test void a_day_has_slots_from_0900_to_1630_each_offered_to_every_vet_in_order() {
      List<Slot> thursday = calendar.candidates(oslo("2025-03-10T06:00"))
          .takeWhile(slot -> local(slot).toLocalDate().getDayOfMonth() == 13).toList();

      assertThat(thursday).hasSize(16 * 2);
      assertThat(local(thursday.getFirst()).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
      assertThat(local(thursday.getLast()).toLocalTime()).isEqualTo(LocalTime.of(16, 30));
      assertThat(thursday.subList(0, 4)).extracting(Slot::vet).containsExactly(hart, okoro, hart, okoro);
    }

    @Test void every_candidate_is_a_weekday_half_hour_between_0900_and_1630() {
      assertThat(calendar.candidates(oslo("2025-03-10T06:00")).toList()).allSatisfy(slot -> {
        LocalDateTime t = local(slot);
        assertThat(t.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(t.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(16, 30));
        assertThat(t.getMinute() % 30).isZero();
        assertThat(t.getSecond()).isZero();
      });
    }

    @Test void candidates_only_move_forward_in_time() {
      List<Instant> starts = calendar.candidates(oslo("2025-03-10T06:00")).map(Slot::start).distinct().toList();

      assertThat(starts).isSorted().doesNotHaveDuplicates();
    }
  }

  @Nested class DaylightSaving {
    @Test void after_clocks_go_forward_slots_keep_their_local_times() {
      // Thursday 27 March 10:00 CET; clocks go forward on Sunday 30 March
      Slot monday = first("2025-03-27T10:00");

      assertThat(monday.start()).isEqualTo(Instant.parse("2025-03-31T07:00:00Z"));
      assertThat(local(monday)).isEqualTo("2025-03-31T09:00");
    }

    @Test void the_72_hours_are_real_hours_across_spring_forward() {
      // Friday 16:00 CET + 72 h is Monday 17:00 CEST, past the last slot, though it is "Monday 16:00" by the calendar
      assertThat(local(first("2025-03-28T16:00"))).isEqualTo("2025-04-01T09:00");
    }

    @Test void the_72_hours_are_real_hours_across_fall_back() {
      // Friday 14:00 CEST + 72 h is Monday 13:00 CET
      assertThat(local(first("2025-10-24T14:00"))).isEqualTo("2025-10-27T13:00");
      assertThat(first("2025-10-24T14:00").start()).isEqualTo(Instant.parse("2025-10-27T12:00:00Z"));
    }

    @Test void a_week_spanning_the_change_has_every_slot_at_its_local_time() {
      List<LocalTime> times = calendar.candidates(oslo("2025-03-24T06:00"))
          .map(VetCalendarTest::local)
          .filter(t -> t.toLocalDate().isAfter(LocalDate.parse("2025-03-26")))
          .filter(t -> t.toLocalDate().isBefore(LocalDate.parse("2025-04-02")))
          .map(LocalDateTime::toLocalTime).distinct().sorted().toList();

      assertThat(times).hasSize(16).startsWith(LocalTime.of(9, 0)).endsWith(LocalTime.of(16, 30));
    }

    @Test void another_zone_keeps_its_own_clinic_hours() {
      ZoneId newYork = ZoneId.of("America/New_York");
      Instant adoptedAt = ZonedDateTime.parse("2025-03-06T12:00-05:00[America/New_York]").toInstant();

      Slot slot = new VetCalendar(List.of(hart), newYork).firstFree(adoptedAt, s -> false).orElseThrow();

      // Thursday + 72 h is Sunday, the day clocks go forward there: Monday opens at 09:00 EDT
      assertThat(slot.start()).isEqualTo(Instant.parse("2025-03-10T13:00:00Z"));
    }
  }

  @Test void a_calendar_needs_vets_with_distinct_names() {
    assertThatThrownBy(() -> new VetCalendar(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VetCalendar(List.of(hart, " "))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VetCalendar(List.of(hart, hart))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test void the_default_zone_is_oslo() {
    assertThat(new VetCalendar(List.of(hart)).firstFree(oslo("2025-03-10T06:00"), s -> false))
        .contains(new Slot(hart, oslo("2025-03-13T09:00")));
  }
}
