package petstore.app.http;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.config.Config;

/** The HTTP API on the embedded store: one SQLite file in a fresh folder. */
class SqliteHttpApiTest extends HttpApiContract {
  @TempDir
  static Path data;

  @Override
  protected Config config() {
    return config("sqlite:" + data.resolve("petstore.db"), data);
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("petstore.db"));
  }
}
