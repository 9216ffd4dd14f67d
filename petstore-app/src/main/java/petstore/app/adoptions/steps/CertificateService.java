package petstore.app.adoptions.steps;

import static eventkernel.sql.Jdbc.update;

import eventkernel.messaging.Message;
import eventkernel.messaging.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import petstore.adoption.Adoptions;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;
import petstore.app.effects.CertificateRenderer;

/** Step 5: the adoption certificate, a PDF the PetStore keeps and serves. The slow one. */
public final class CertificateService extends StepService<byte[]> {
  private final Directory directory;
  private final CertificateRenderer renderer;

  public CertificateService(Directory directory, CertificateRenderer renderer, PetStoreJson json, Clock clock) {
    super(Step.CERTIFICATE, json, clock);
    this.directory = directory;
    this.renderer = renderer;
  }

  public static String url(String adoptionId) {
    return "/api/adoptions/" + adoptionId + "/certificate.pdf";
  }

  @Override
  public byte[] act(Message m) throws Exception {
    var customer = directory.customer(text(m, "customerId"));
    var pet = directory.petAtAdoption(text(m, "petId"), text(m, "adoptionId"));
    var shelter = directory.shelter(text(m, "shelterId"));
    return renderer.render(new CertificateRenderer.Certificate(text(m, "adoptionId"), pet.name(), pet.species(), customer.name(),
        shelter.name(), Instant.parse(text(m, "timestamp")).atZone(ZoneOffset.UTC).toLocalDate()));
  }

  @Override
  public Outcome record(Message m, byte[] pdf, int attempt, Connection tx) throws SQLException {
    String adoption = text(m, "adoptionId");
    update(tx, """
        INSERT INTO certificates (adoption_id, pdf_base64, created_at) VALUES (?, ?, ?)
        ON CONFLICT (adoption_id) DO UPDATE SET pdf_base64 = excluded.pdf_base64""",
        adoption, Base64.getEncoder().encodeToString(pdf), clock.millis());
    return done(m, attempt, Map.of(Adoptions.CERTIFICATE_URL, url(adoption)));
  }
}
