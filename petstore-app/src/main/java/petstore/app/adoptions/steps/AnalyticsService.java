package petstore.app.adoptions.steps;

import static eventkernel.sql.Jdbc.update;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;

/** Step 8: adoptions per day and species, and how long pets waited to be adopted. */
public final class AnalyticsService extends StepService<Directory.PetFacts> {
  private final Directory directory;

  public AnalyticsService(Directory directory, PetStoreJson json, Clock clock) {
    super(Step.ANALYTICS, json, clock);
    this.directory = directory;
  }

  @Override
  public Directory.PetFacts act(Message m) {
    return directory.petAtAdoption(text(m, "petId"), text(m, "adoptionId"));
  }

  @Override
  public Outcome record(Message m, Directory.PetFacts pet, int attempt, Connection tx) throws SQLException {
    Instant adoptedAt = Instant.parse(text(m, "timestamp"));
    String day = adoptedAt.atZone(ZoneOffset.UTC).toLocalDate().toString();
    double waitedDays = Math.max(0, Duration.between(pet.availableSince(), adoptedAt).toMillis()) / 86_400_000.0;
    update(tx, """
        INSERT INTO adoption_analytics (day, species, adoptions, waited_days) VALUES (?, ?, 1, ?)
        ON CONFLICT (day, species) DO UPDATE SET adoptions = adoption_analytics.adoptions + 1,
          waited_days = adoption_analytics.waited_days + excluded.waited_days""", day, pet.species(), waitedDays);
    return done(m, attempt, Map.of());
  }
}
