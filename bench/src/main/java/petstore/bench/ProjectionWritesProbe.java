package petstore.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;

/**
 * A probe behind a finding in BENCHMARKS.md, not part of the suite: the projection rebuild writes one row per
 * round trip. The same 100,000 available_pets inserts in transactions of 500 rows, one executeUpdate per row
 * (what ProjectionEngine + AvailablePetsProjection do) against one JDBC batch per transaction.
 * Run: java -cp 'bench/target/bench.jar:bench/target/lib/*' petstore.bench.ProjectionWritesProbe
 */
public final class ProjectionWritesProbe {
  public static void main(String[] args) throws Exception {
    String url = Postgres.freshDatabase("bench_probe");
    String sql = "INSERT INTO available_pets (pet_id, name, species, age, shelter_id, available, available_since) "
        + "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (pet_id) DO NOTHING";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("""
          CREATE TABLE available_pets (pet_id TEXT PRIMARY KEY, name TEXT NOT NULL, species TEXT NOT NULL, age INTEGER NOT NULL,
            shelter_id TEXT NOT NULL, photo_url TEXT, available INTEGER NOT NULL, available_since BIGINT NOT NULL)""");
      s.execute("CREATE INDEX available_pets_by_since ON available_pets (available, available_since, pet_id)");
      int n = 100_000;
      for (int round = 0; round < 4; round++) {
        for (boolean batched : new boolean[] {false, true}) {
          s.execute("TRUNCATE available_pets");
          c.setAutoCommit(false);
          long t0 = System.nanoTime();
          for (int from = 0; from < n; from += 500) {
            if (batched) {
              try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = from; i < from + 500; i++) {
                  bind(p, i);
                  p.addBatch();
                }
                p.executeBatch();
              }
            } else {
              for (int i = from; i < from + 500; i++) {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                  bind(p, i);
                  p.executeUpdate();
                }
              }
            }
            c.commit();
          }
          c.setAutoCommit(true);
          System.out.printf("%s%-11s %,8.0f rows/s  (load %.2f)%n", round == 0 ? "warm-up " : "", batched ? "batched" : "row by row",
              n / ((System.nanoTime() - t0) / 1e9), Harness.load());
        }
      }
    } finally {
      Postgres.drop("bench_probe");
    }
  }

  private static void bind(PreparedStatement p, int i) throws Exception {
    p.setString(1, new UUID(1, i).toString());
    p.setString(2, "Pet " + i);
    p.setString(3, "dog");
    p.setInt(4, i % 15);
    p.setString(5, new UUID(2, i % 100).toString());
    p.setLong(6, i);
  }
}
