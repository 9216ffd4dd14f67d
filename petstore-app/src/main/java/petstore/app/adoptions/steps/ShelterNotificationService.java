package petstore.app.adoptions.steps;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;
import petstore.app.effects.ShelterWebhook;

/** Step 3: the shelter hears of the adoption on its webhook, signed with its secret. */
public final class ShelterNotificationService extends StepService<String> {
  private final Directory directory;
  private final ShelterWebhook webhook;

  public ShelterNotificationService(Directory directory, ShelterWebhook webhook, PetStoreJson json, Clock clock) {
    super(Step.SHELTER_NOTIFICATION, json, clock);
    this.directory = directory;
    this.webhook = webhook;
  }

  @Override
  public String act(Message m) throws Exception {
    var shelter = directory.shelter(text(m, "shelterId"));
    if (shelter.webhookUrl() == null) return "no webhook";
    byte[] body = m.bodyText(json.mapper()).getBytes(StandardCharsets.UTF_8);
    int status = webhook.post(java.net.URI.create(shelter.webhookUrl()), shelter.webhookSecret(), m.id().toString(), m.type(), body);
    return "HTTP " + status;
  }

  @Override
  public Outcome record(Message m, String acted, int attempt, Connection tx) {
    return done(m, attempt, Map.of("result", acted));
  }
}
