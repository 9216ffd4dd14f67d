package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartingThePetStoreTest {
  @TempDir Path data;

  /**
   * The adoption process records AdoptionCompleted, then its checkpoint; a crash between the two makes it
   * see the adoption's steps again after the restart. That must record nothing and hold nothing up.
   */
  @Test void an_adoption_process_that_sees_a_finished_adoption_again_records_nothing_and_goes_on() throws Exception {
    String first;
    String shelter;
    String customer;
    try (RunningPetStore petStore = RunningPetStore.start(data)) {
      Api api = petStore.api();
      shelter = api.registerShelter("Happy Paws", "Oslo", null).path("shelterId").asString();
      customer = api.registerCustomer("Alice Lund", "alice@example.org");
      first = api.adopted(api.registerPet("Rex", "dog", 3, shelter), customer);
      api.awaitAdoption(first, "completed");
    }
    long firstEvents = eventsOf("adoption-" + first);
    sql("UPDATE relay_checkpoints SET position = 0 WHERE name = 'adoption-process'");

    try (RunningPetStore petStore = RunningPetStore.start(data)) {
      Api api = petStore.api();
      String second = api.adopted(api.registerPet("Tom", "cat", 2, shelter), customer);

      api.awaitAdoption(second, "completed");
      assertThat(api.adoption(first).path("status").asString()).isEqualTo("completed");
    }
    assertThat(eventsOf("adoption-" + first)).isEqualTo(firstEvents);
  }

  long eventsOf(String stream) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("petstore.db"));
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM events WHERE stream_id = '" + stream + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void sql(String update) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("petstore.db")); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(update)).isEqualTo(1);
    }
  }
}
