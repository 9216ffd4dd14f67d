package petstore.app.adoptions.steps;

import static eventkernel.sql.Jdbc.update;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;
import petstore.app.effects.TrackingNumbers;
import petstore.app.messages.PublicMessages;

/** Step 7: a welcome package shipped to the customer, with a tracking number; cancelled if the pet comes back first. */
public final class WelcomePackageService extends StepService<Void> {
  public WelcomePackageService(PetStoreJson json, Clock clock) {
    super(Step.WELCOME_PACKAGE, json, clock);
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
      update(tx, "UPDATE shipments SET status = 'cancelled' WHERE adoption_id = ? AND status = 'preparing'", adoption);
      return Outcome.NONE;
    }
    String tracking = TrackingNumbers.forAdoption(adoption);
    update(tx, """
        INSERT INTO shipments (adoption_id, customer_id, tracking_number, status, created_at) VALUES (?, ?, ?, 'preparing', ?)
        ON CONFLICT (adoption_id) DO NOTHING""", adoption, text(m, "customerId"), tracking, clock.millis());
    return done(m, attempt, Map.of("trackingNumber", tracking));
  }
}
