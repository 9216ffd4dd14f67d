package petstore.app.adoptions.steps;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;
import petstore.app.effects.Mailer;

/** Step 2: the confirmation e-mail to the customer. */
public final class EmailService extends StepService<Void> {
  private final Directory directory;
  private final Mailer mailer;

  public EmailService(Directory directory, Mailer mailer, PetStoreJson json, Clock clock) {
    super(Step.EMAIL, json, clock);
    this.directory = directory;
    this.mailer = mailer;
  }

  @Override
  public Void act(Message m) throws Exception {
    var customer = directory.customer(text(m, "customerId"));
    var pet = directory.petAtAdoption(text(m, "petId"), text(m, "adoptionId"));
    var shelter = directory.shelter(text(m, "shelterId"));
    // The adoption id keys the message: a resend after a crash carries the same Message-ID and file name.
    mailer.send(new Mailer.AdoptionMail(text(m, "adoptionId"), customer.email(), customer.name(), pet.name(), pet.species(),
        shelter.name(), Instant.parse(text(m, "timestamp"))));
    return null;
  }

  @Override
  public Outcome record(Message m, Void acted, int attempt, Connection tx) {
    return done(m, attempt, Map.of());
  }
}
