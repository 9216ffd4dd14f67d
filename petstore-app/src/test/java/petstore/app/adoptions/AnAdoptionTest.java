package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.effects.ShelterWebhook;
import petstore.app.effects.TrackingNumbers;
import tools.jackson.databind.JsonNode;

/** One adoption from the request to its last step, checked the way its customer, shelter and clinic would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnAdoptionTest {
  static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  static final List<String> STEPS =
      List.of("pet-status", "email", "shelter-notification", "inventory", "certificate", "vet-appointment", "welcome-package", "analytics");

  Path data;
  ShelterReceiver shelterEndpoint;
  RunningPetStore petStore;
  Api api;

  String shelterId;
  String webhookSecret;
  String customerId;
  String petId;
  JsonNode inventoryBefore;
  Api.Response accepted;
  Duration answeredIn;
  String adoptionId;
  JsonNode completed;

  @BeforeAll void adoptRex(@TempDir Path data) {
    this.data = data;
    shelterEndpoint = ShelterReceiver.answering(200);
    petStore = RunningPetStore.start(data);
    api = petStore.api();
    JsonNode shelter = api.registerShelter("Happy Paws", "Oslo", shelterEndpoint.url());
    shelterId = shelter.path("shelterId").asString();
    webhookSecret = shelter.path("webhookSecret").asString();
    customerId = api.registerCustomer("Alice Lund", "alice@example.org");
    petId = api.registerPet("Rex", "dog", 3, shelterId);
    await().atMost(Api.PATIENCE).until(() -> inventoryRow().path("available").asInt() == 1);
    inventoryBefore = inventoryRow();

    long started = System.nanoTime();
    accepted = api.adopt(petId, customerId);
    answeredIn = Duration.ofNanos(System.nanoTime() - started);
    adoptionId = accepted.json().path("adoptionId").asString();
    completed = api.awaitAdoption(adoptionId, "completed");
  }

  @AfterAll void stop() {
    if (petStore != null) petStore.close();
    if (shelterEndpoint != null) shelterEndpoint.close();
  }

  JsonNode inventoryRow() {
    for (JsonNode row : api.get("/api/queries/inventory").json()) {
      if (row.path("shelterId").asString().equals(shelterId) && row.path("species").asString().equals("dog")) return row;
    }
    return Api.JSON.createObjectNode();
  }

  @Test void the_request_is_accepted_at_once_with_where_to_follow_the_adoption() {
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.contentType()).startsWith("application/json");
    assertThat(accepted.json().path("status").asString()).isEqualTo("processing");
    assertThat(accepted.header("Location")).isEqualTo("/api/adoptions/" + adoptionId);
    assertThat(answeredIn).as("no step work on the request path").isLessThan(Duration.ofSeconds(5));
    assertThat(api.get(accepted.header("Location")).status()).isEqualTo(200);
  }

  @Test void the_adoption_completes_with_all_eight_steps_done() {
    assertThat(completed.path("status").asString()).isEqualTo("completed");
    assertThat(completed.path("petId").asString()).isEqualTo(petId);
    assertThat(completed.path("customerId").asString()).isEqualTo(customerId);
    List<String> names = new ArrayList<>();
    completed.path("steps").propertyNames().forEach(names::add);
    assertThat(names).containsExactlyElementsOf(STEPS);
    for (String step : STEPS) {
      JsonNode s = completed.path("steps").path(step);
      assertThat(s.path("status").asString()).as(step).isEqualTo("done");
      assertThat(s.path("attempts").asInt()).as(step).isEqualTo(1);
      assertThat(s.path("lastError").isNull()).as(step).isTrue();
      assertThat(Instant.parse(s.path("doneAt").asString())).as(step).isAfterOrEqualTo(createdAt());
    }
  }

  @Test void adoption_completed_shows_as_the_completed_status_with_the_certificate_and_the_vet_date() {
    assertThat(completed.path("certificateUrl").asString()).isEqualTo("/api/adoptions/" + adoptionId + "/certificate.pdf");
    assertThat(completed.path("vetAppointmentDate").asString()).isNotBlank();
    assertThat(Instant.parse(completed.path("finishedAt").asString())).isAfterOrEqualTo(createdAt());
  }

  @Test void the_certificate_is_a_pdf_naming_the_pet_the_customer_and_the_adoption() throws Exception {
    Api.Response pdf = api.get(completed.path("certificateUrl").asString());

    assertThat(pdf.status()).isEqualTo(200);
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    try (PDDocument document = Loader.loadPDF(pdf.bytes())) {
      assertThat(document.getNumberOfPages()).isEqualTo(1);
      assertThat(new PDFTextStripper().getText(document)).contains("Rex", "Alice Lund", adoptionId);
    }
  }

  @Test void the_vet_visit_is_a_weekday_half_hour_in_clinic_hours_at_least_72_hours_after_the_adoption() {
    ZonedDateTime visit = Instant.parse(completed.path("vetAppointmentDate").asString()).atZone(OSLO);

    assertThat(visit.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(visit.getMinute()).isIn(0, 30);
    assertThat(visit.getSecond()).isZero();
    assertThat(visit.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(16, 30));
    assertThat(visit.toInstant()).isAfterOrEqualTo(createdAt().plus(Duration.ofHours(72)));
  }

  @Test void the_clinic_lists_the_vet_visit_on_its_day() {
    Instant visit = Instant.parse(completed.path("vetAppointmentDate").asString());
    JsonNode day = api.get("/api/queries/vet-appointments?date=" + visit.atZone(OSLO).toLocalDate()).json();

    List<JsonNode> ours = new ArrayList<>();
    day.forEach(a -> {
      if (a.path("adoptionId").asString().equals(adoptionId)) ours.add(a);
    });
    assertThat(ours).hasSize(1);
    assertThat(ours.getFirst().path("petId").asString()).isEqualTo(petId);
    assertThat(Instant.parse(ours.getFirst().path("start").asString())).isEqualTo(visit);
    assertThat(Instant.parse(ours.getFirst().path("end").asString())).isEqualTo(visit.plus(Duration.ofMinutes(30)));
    assertThat(ours.getFirst().path("vet").asString()).isNotBlank();
  }

  @Test void the_welcome_package_ships_with_a_tracking_number() {
    Api.Response shipment = api.get("/api/queries/shipments/" + adoptionId);

    assertThat(shipment.status()).isEqualTo(200);
    assertThat(shipment.json().path("customerId").asString()).isEqualTo(customerId);
    assertThat(shipment.json().path("status").asString()).isEqualTo("preparing");
    assertThat(TrackingNumbers.isValid(shipment.json().path("trackingNumber").asString())).isTrue();
  }

  @Test void the_shelters_inventory_moves_the_pet_from_available_to_adopted() {
    JsonNode after = inventoryRow();

    assertThat(after.path("shelterName").asString()).isEqualTo("Happy Paws");
    assertThat(after.path("available").asInt()).isEqualTo(inventoryBefore.path("available").asInt() - 1);
    assertThat(after.path("adopted").asInt()).isEqualTo(inventoryBefore.path("adopted").asInt() + 1);
  }

  @Test void analytics_counts_the_adoption() {
    JsonNode analytics = api.get("/api/queries/analytics").json();

    assertThat(analytics.path("adoptions").asLong()).isEqualTo(1);
    assertThat(analytics.path("perSpecies").get(0).path("species").asString()).isEqualTo("dog");
    assertThat(analytics.path("perSpecies").get(0).path("adoptions").asLong()).isEqualTo(1);
    assertThat(analytics.path("perDay").get(0).path("day").asString())
        .isEqualTo(createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString());
  }

  @Test void the_customer_gets_an_email_addressed_to_them() throws Exception {
    Path eml = data.resolve("mail").resolve("adoption-" + adoptionId + ".eml");

    assertThat(eml).exists();
    try (InputStream in = Files.newInputStream(eml)) {
      MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), in);
      assertThat(mail.getRecipients(MimeMessage.RecipientType.TO)).containsExactly(new InternetAddress("alice@example.org"));
      assertThat(mail.getSubject()).isEqualTo("You adopted Rex!");
      assertThat(mail.getMessageID()).isEqualTo("<adoption-" + adoptionId + "@petstore.local>");
    }
    try (var files = Files.list(data.resolve("mail"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("adoption-" + adoptionId + ".eml");
    }
  }

  @Test void the_shelter_hears_of_the_adoption_once_signed_with_its_secret() {
    assertThat(shelterEndpoint.received()).hasSize(1);
    ShelterReceiver.Received notice = shelterEndpoint.received().getFirst();
    assertThat(ShelterWebhook.verify(webhookSecret, notice.body(), notice.signature())).isTrue();
    assertThat(notice.event()).isEqualTo("pet.adopted");
    JsonNode body = Api.JSON.readTree(notice.body());
    assertThat(body.path("eventType").asString()).isEqualTo("pet.adopted");
    assertThat(body.path("data").path("adoptionId").asString()).isEqualTo(adoptionId);
    assertThat(body.path("data").path("petId").asString()).isEqualTo(petId);
    assertThat(completed.path("steps").path("shelter-notification").path("attempts").asInt()).isEqualTo(1);
  }

  Instant createdAt() {
    return Instant.parse(completed.path("createdAt").asString());
  }
}
