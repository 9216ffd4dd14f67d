package petstore.shelter;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.decider.DeciderSpec;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import petstore.shelter.ShelterCommand.RegisterShelter;
import petstore.shelter.ShelterEvent.ShelterRegistered;
import petstore.shelter.ShelterRejection.AlreadyRegistered;
import petstore.shelter.ShelterRejection.InvalidFields;
import petstore.validation.FieldError;

class RegisteringAShelterTest {
  static final Instant now = Instant.parse("2025-03-03T09:00:00Z");
  static final ShelterId happyPaws = ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221");
  static final String hook = "https://happypaws.example.org/hooks/petstore";
  static final String secret = "s3cr3t-s3cr3t-s3cr3t";
  static final ShelterRegistered registered = new ShelterRegistered(happyPaws, "Happy Paws", "Lyon", hook, secret, now);

  final DeciderSpec<ShelterCommand, Shelter, ShelterEvent> shelters = DeciderSpec.of(new Shelters());

  static RegisterShelter register(String name, String city, String webhookUrl, String webhookSecret) {
    return new RegisterShelter(happyPaws, name, city, webhookUrl, webhookSecret, now);
  }

  @Test void a_shelter_with_a_webhook_is_registered_with_its_secret() {
    shelters.when(register(" Happy Paws ", "Lyon ", hook, secret))
        .thenEvents(registered)
        .thenState(new Shelter.Registered(happyPaws, "Happy Paws", "Lyon", hook, secret, now));
  }

  @Test void a_shelter_without_a_webhook_is_registered_and_any_secret_is_dropped() {
    shelters.when(register("Happy Paws", "Lyon", null, secret))
        .thenEvents(new ShelterRegistered(happyPaws, "Happy Paws", "Lyon", null, null, now));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080/hook", "HTTPS://example.org", "https://example.org:8443/a?b=c"})
  void http_and_https_webhooks_are_accepted(String url) {
    shelters.when(register("Happy Paws", "Lyon", url, secret))
        .thenEvents(new ShelterRegistered(happyPaws, "Happy Paws", "Lyon", url, secret, now));
  }

  @Nested
  class Rejected {
    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://example.org/hook", "file:///etc/passwd", "example.org/hook", "https://",
        "https://user:pw@example.org/hook", "https://exa mple.org", "javascript:alert(1)"})
    void a_webhook_that_is_not_an_http_url_with_a_host(String url) {
      assertThat(shelters.when(register("Happy Paws", "Lyon", url, secret)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("webhookUrl", "must be an http or https URL with a host"));
    }

    @Test void a_webhook_longer_than_2048_characters() {
      String url = "https://example.org/" + "a".repeat(2048);
      shelters.when(register("Happy Paws", "Lyon", url, secret)).thenRejected(InvalidFields.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "                    "})
    void a_webhook_without_a_long_enough_secret(String weak) {
      assertThat(shelters.when(register("Happy Paws", "Lyon", hook, weak)).thenRejected(InvalidFields.class).errors())
          .extracting(FieldError::field).containsExactly("webhookSecret");
      shelters.when(register("Happy Paws", "Lyon", hook, null)).thenRejected(InvalidFields.class);
    }

    @Test void a_missing_name_and_a_blank_city_together() {
      assertThat(shelters.when(register(null, " ", null, null)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("name", "is required"), new FieldError("city", "must not be blank"));
    }

    @Test void a_name_or_city_longer_than_100_characters() {
      assertThat(shelters.when(register("n".repeat(101), "c".repeat(101), null, null)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("name", "must be at most 100 characters"),
              new FieldError("city", "must be at most 100 characters"));
    }

    @Test void when_the_shelter_is_already_registered() {
      AlreadyRegistered rejection = shelters.given(registered).when(register("Happy Paws", "Lyon", null, null))
          .thenRejected(AlreadyRegistered.class);
      assertThat(rejection.reason()).isEqualTo("shelter is already registered");
    }
  }

  @Test void registering_twice_is_an_impossible_history() {
    shelters.given(registered, registered).thenImpossible();
  }
}
