package petstore.shelter;

import static eventkernel.decider.Decision.accept;
import static eventkernel.decider.Decision.reject;

import eventkernel.decider.Decider;
import eventkernel.decider.Decision;
import petstore.shelter.Shelter.Registered;
import petstore.shelter.Shelter.Unregistered;
import petstore.shelter.ShelterCommand.RegisterShelter;
import petstore.shelter.ShelterEvent.ShelterRegistered;
import petstore.shelter.ShelterRejection.AlreadyRegistered;
import petstore.shelter.ShelterRejection.InvalidFields;
import petstore.validation.Checks;

public final class Shelters implements Decider<ShelterCommand, Shelter, ShelterEvent> {
  public static final int MAX_NAME = 100;
  public static final int MAX_CITY = 100;
  // Long enough that an HMAC keyed with it cannot be guessed; the caller generates it.
  public static final int MIN_SECRET = 16;
  public static final int MAX_SECRET = 200;

  @Override
  public Shelter initial() {
    return new Unregistered();
  }

  @Override
  public Decision<ShelterEvent> decide(ShelterCommand command, Shelter shelter) {
    return switch (command) {
      case RegisterShelter c -> register(c, shelter);
    };
  }

  // A secret without a webhook has nothing to sign, so it is not recorded.
  private static Decision<ShelterEvent> register(RegisterShelter c, Shelter shelter) {
    Checks checks = new Checks().text("name", c.name(), MAX_NAME).text("city", c.city(), MAX_CITY);
    boolean hasWebhook = c.webhookUrl() != null;
    if (hasWebhook) {
      checks.that(WebhookUrl.isValid(c.webhookUrl()), "webhookUrl", "must be an http or https URL with a host");
      String secret = c.webhookSecret();
      checks.that(secret != null && !secret.isBlank() && secret.length() >= MIN_SECRET && secret.length() <= MAX_SECRET,
          "webhookSecret", "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters when a webhookUrl is given");
    }
    if (checks.failed()) return reject(new InvalidFields(checks.errors()));
    if (!(shelter instanceof Unregistered)) return reject(new AlreadyRegistered(c.shelter()));
    return accept(new ShelterRegistered(c.shelter(), c.name().strip(), c.city().strip(),
        c.webhookUrl(), hasWebhook ? c.webhookSecret() : null, c.at()));
  }

  @Override
  public Shelter evolve(Shelter shelter, ShelterEvent event) {
    return switch (event) {
      case ShelterRegistered e when shelter instanceof Unregistered ->
          new Registered(e.shelter(), e.name(), e.city(), e.webhookUrl(), e.webhookSecret(), e.at());
      default -> throw new IllegalStateException(event + " cannot follow " + shelter); // decide() let it through: a bug
    };
  }
}
