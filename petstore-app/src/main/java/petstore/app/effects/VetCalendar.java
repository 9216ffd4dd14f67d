package petstore.app.effects;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The first vet visit after an adoption. Rule: the visit starts at least 72 hours after the adoption instant, at the
 * first 30-minute slot boundary (local time) from then, in clinic hours Monday to Friday 09:00-17:00 (the last slot
 * starts 16:30); within a slot the vets are offered in configured order. Slots are searched up to 90 days ahead.
 */
public final class VetCalendar {

  public record Slot(String vet, Instant start) {}

  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Oslo");
  public static final Duration SETTLING_IN = Duration.ofHours(72);
  public static final int HORIZON_DAYS = 90;

  private static final List<LocalTime> SLOT_STARTS =
      Stream.iterate(LocalTime.of(9, 0), t -> !t.isAfter(LocalTime.of(16, 30)), t -> t.plusMinutes(30)).toList();

  private final List<String> vets;
  private final ZoneId zone;

  public VetCalendar(List<String> vets) {
    this(vets, DEFAULT_ZONE);
  }

  public VetCalendar(List<String> vets, ZoneId zone) {
    this.vets = List.copyOf(vets);
    this.zone = Objects.requireNonNull(zone, "zone");
    if (this.vets.isEmpty()) throw new IllegalArgumentException("the vet calendar needs at least one vet");
    if (this.vets.stream().anyMatch(String::isBlank)) throw new IllegalArgumentException("a vet's name must not be blank: " + vets);
    if (new HashSet<>(this.vets).size() != this.vets.size()) throw new IllegalArgumentException("vets are listed twice: " + vets);
  }

  public Optional<Slot> firstFree(Instant adoptedAt, Predicate<Slot> taken) {
    return candidates(adoptedAt).filter(Predicate.not(taken)).findFirst();
  }

  /** Every slot the rule allows, earliest first, then in vet order; lazy, so a caller stopping early computes little. */
  public Stream<Slot> candidates(Instant adoptedAt) {
    Instant earliest = adoptedAt.plus(SETTLING_IN);
    return Stream.iterate(LocalDate.ofInstant(earliest, zone), day -> day.plusDays(1))
        .limit(HORIZON_DAYS)
        .filter(day -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY)
        .flatMap(day -> SLOT_STARTS.stream().flatMap(time -> instant(day, time)))
        .filter(start -> !start.isBefore(earliest))
        .flatMap(start -> vets.stream().map(vet -> new Slot(vet, start)));
  }

  // a wall-clock time skipped by a DST jump is no slot; one repeated by a DST fall-back is one slot, its first occurrence
  private Stream<Instant> instant(LocalDate day, LocalTime time) {
    LocalDateTime local = day.atTime(time);
    if (zone.getRules().getValidOffsets(local).isEmpty()) return Stream.empty();
    return Stream.of(ZonedDateTime.of(local, zone).toInstant());
  }
}
