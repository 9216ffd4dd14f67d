package petstore.app.adoptions.steps;

import static eventkernel.sql.Jdbc.one;
import static eventkernel.sql.Jdbc.update;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import petstore.adoption.Adoptions;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;
import petstore.app.effects.VetCalendar;
import petstore.app.messages.PublicMessages;

/**
 * Step 6: the first free 30-minute slot with one of the vets. The slot is taken in the same transaction
 * that records the message, and a unique (vet, slot) key refuses a second booking even when two
 * processes race for it. A returned pet's appointment is cancelled, freeing the slot.
 */
public final class VetAppointmentService extends StepService<Void> {
  private final VetCalendar calendar;

  public VetAppointmentService(VetCalendar calendar, PetStoreJson json, Clock clock) {
    super(Step.VET_APPOINTMENT, json, clock);
    this.calendar = calendar;
  }

  @Override
  public List<String> listensTo() {
    return List.of(PublicMessages.PET_ADOPTED, PublicMessages.PET_RETURNED);
  }

  @Override
  public Void act(Message m) {
    return null;
  }

  @Override
  public Outcome record(Message m, Void acted, int attempt, Connection tx) throws SQLException {
    String adoption = text(m, "adoptionId");
    if (m.type().equals(PublicMessages.PET_RETURNED)) {
      update(tx, "DELETE FROM vet_appointments WHERE adoption_id = ?", adoption);
      return Outcome.NONE;
    }
    var existing = one(tx, "SELECT vet, slot_start FROM vet_appointments WHERE adoption_id = ?",
        rs -> new VetCalendar.Slot(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))), adoption);
    VetCalendar.Slot slot = existing.isPresent() ? existing.get() : book(tx, m, adoption);
    return done(m, attempt, Map.of(Adoptions.APPOINTMENT_AT, slot.start().toString(), "vet", slot.vet()));
  }

  private VetCalendar.Slot book(Connection tx, Message m, String adoption) throws SQLException {
    SQLException[] failure = new SQLException[1];
    VetCalendar.Slot slot = calendar.firstFree(Instant.parse(text(m, "timestamp")), s -> {
      try {
        return one(tx, "SELECT 1 FROM vet_appointments WHERE vet = ? AND slot_start = ?", rs -> true, s.vet(), s.start().toEpochMilli()).isPresent();
      } catch (SQLException e) {
        failure[0] = e;
        return true;
      }
    }).orElseThrow(() -> new IllegalStateException("no free vet slot in the next 90 days"));
    if (failure[0] != null) throw failure[0];
    update(tx, "INSERT INTO vet_appointments (vet, slot_start, adoption_id, pet_id, booked_at) VALUES (?, ?, ?, ?, ?)",
        slot.vet(), slot.start().toEpochMilli(), adoption, text(m, "petId"), clock.millis());
    return slot;
  }
}
