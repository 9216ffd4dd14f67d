package petstore.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.messaging.Message;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import petstore.app.codec.PetStoreJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AsyncApiContractTest {
  static final JsonMapper mapper = new PetStoreJson().mapper();
  static final AsyncApiContract contract = AsyncApiContract.load(mapper);

  static final String ADOPTION = "ad000000-0000-4000-8000-000000000001";
  static final String PET = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  static Message message(String type, Consumer<ObjectNode> data) {
    ObjectNode node = mapper.createObjectNode();
    data.accept(node);
    return new Message(type, UUID.randomUUID(), Instant.parse("2026-03-13T10:00:00.012345Z"), PET, node, 1);
  }

  static Message adopted(Consumer<ObjectNode> change) {
    return message("pet.adopted", d -> {
      d.put("adoptionId", ADOPTION).put("petId", PET).put("customerId", "a11ce000-0000-4000-8000-000000000001")
          .put("shelterId", "1f0e2d3c-4b5a-4697-8887-766554433221").put("timestamp", "2026-03-13T10:00:00Z");
      change.accept(d);
    });
  }

  static Message available(Consumer<ObjectNode> change) {
    return message("pet.available", d -> {
      d.put("petId", PET).put("species", "cat").put("age", 0).put("timestamp", "2026-03-13T10:00:00Z");
      change.accept(d);
    });
  }

  static Message completed(Consumer<ObjectNode> change) {
    return message("adoption.completed", d -> {
      d.put("adoptionId", ADOPTION).put("certificateUrl", "http://localhost:8080/api/adoptions/" + ADOPTION + "/certificate.pdf")
          .put("vetAppointmentDate", "2026-03-16T08:00:00Z").put("timestamp", "2026-03-13T10:00:00Z");
      change.accept(d);
    });
  }

  static Message stepCompleted(Consumer<ObjectNode> change) {
    return message("adoption.step-completed", d -> {
      d.put("adoptionId", ADOPTION).put("step", "vet-appointment").put("attempts", 1).put("timestamp", "2026-03-13T10:00:00Z");
      change.accept(d);
    });
  }

  @Test
  void the_seed_messages_hold_as_the_seed_wrote_them() {
    assertThat(contract.problems(adopted(d -> {}))).isEmpty();
    assertThat(contract.problems(adopted(d -> d.remove("shelterId")))).isEmpty();
    assertThat(contract.problems(available(d -> {}))).isEmpty();
    assertThat(contract.problems(available(d -> d.remove("age")))).isEmpty();
    assertThat(contract.problems(completed(d -> {}))).isEmpty();
    assertThat(contract.problems(completed(d -> d.remove("vetAppointmentDate")))).isEmpty();
  }

  @Test
  void a_message_of_a_type_the_document_does_not_know_breaks_the_contract() {
    assertThat(contract.problems(message("pet.groomed", d -> d.put("petId", PET))))
        .containsExactly("the AsyncAPI document has no channel pet.groomed");
  }

  @Test
  void a_missing_required_field_breaks_the_contract() {
    for (String field : List.of("adoptionId", "petId", "customerId", "timestamp")) {
      assertThat(contract.problems(adopted(d -> d.remove(field)))).as(field).singleElement().asString().contains(field);
    }
    assertThat(contract.problems(completed(d -> d.remove("certificateUrl")))).singleElement().asString().contains("certificateUrl");
    assertThat(contract.problems(available(d -> d.remove("species")))).singleElement().asString().contains("species");
  }

  @Test
  void formats_are_asserted_not_just_types() {
    assertThat(contract.problems(adopted(d -> d.put("petId", "456")))).singleElement().asString().contains("petId", "uuid");
    assertThat(contract.problems(adopted(d -> d.put("timestamp", "yesterday")))).singleElement().asString().contains("timestamp", "date-time");
    assertThat(contract.problems(completed(d -> d.put("vetAppointmentDate", "2026-03-16")))).singleElement().asString().contains("vetAppointmentDate");
    assertThat(contract.problems(completed(d -> d.put("certificateUrl", "/api/adoptions/" + ADOPTION + "/certificate.pdf"))))
        .singleElement().asString().contains("certificateUrl", "uri");
  }

  @Test
  void enums_and_minimums_hold() {
    assertThat(contract.problems(available(d -> d.put("species", "fish")))).singleElement().asString().contains("species");
    assertThat(contract.problems(available(d -> d.put("age", -1)))).singleElement().asString().contains("age");
    assertThat(contract.problems(available(d -> d.put("age", "2")))).singleElement().asString().contains("age");
    assertThat(contract.problems(stepCompleted(d -> {}))).isEmpty();
    assertThat(contract.problems(stepCompleted(d -> d.put("step", "grooming")))).singleElement().asString().contains("step");
    assertThat(contract.problems(stepCompleted(d -> d.put("attempts", 0)))).singleElement().asString().contains("attempts");
  }

  @Test
  void the_whole_envelope_is_checked() {
    Message m = adopted(d -> {});
    ObjectNode body = m.body(mapper);
    assertThat(contract.problems("pet.adopted", body)).isEmpty();
    assertThat(contract.problems("pet.adopted", body.deepCopy().put("eventType", "pet.returned"))).singleElement().asString().contains("eventType");
    assertThat(contract.problems("pet.adopted", body.deepCopy().put("eventId", "123"))).singleElement().asString().contains("eventId");
    assertThat(contract.problems("pet.adopted", (ObjectNode) body.deepCopy().without("data"))).singleElement().asString().contains("data");
    assertThat(contract.problems("pet.adopted", body.deepCopy().put("extra", 1))).singleElement().asString().contains("extra");
  }

  @Test
  void a_field_the_document_does_not_name_breaks_the_contract_so_the_code_cannot_drift_from_it() {
    assertThat(contract.problems(adopted(d -> d.put("adoptedBy", "alice")))).singleElement().asString().contains("adoptedBy");
  }

  @Test
  void only_annotations_are_left_out_of_the_compiled_schema_never_a_field_named_like_one() {
    var schema = mapper.readTree("""
        {"type": "object", "description": "a thing", "examples": [{}], "required": ["description", "title"],
         "properties": {"description": {"type": "string", "minLength": 1, "title": "t"}, "title": {"const": "x", "x-note": 1}}}""");
    assertThat(AsyncApiContract.assertionsOnly(schema)).isEqualTo(mapper.readTree("""
        {"type": "object", "required": ["description", "title"],
         "properties": {"description": {"type": "string", "minLength": 1}, "title": {"const": "x"}}}"""));
  }
}
