package petstore.app.adoptions.steps;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;

/** Step 1: the pet is adopted — the PetAdopted event itself; this service confirms it is in the log. */
public final class PetStatusService extends StepService<Void> {
  private final Directory directory;

  public PetStatusService(Directory directory, PetStoreJson json, Clock clock) {
    super(Step.PET_STATUS, json, clock);
    this.directory = directory;
  }

  @Override
  public Void act(Message m) {
    directory.petAtAdoption(text(m, "petId"), text(m, "adoptionId"));
    return null;
  }

  @Override
  public Outcome record(Message m, Void acted, int attempt, Connection tx) {
    return done(m, attempt, Map.of());
  }
}
