package eventkernel.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few JDBC shapes the read models need, so their code shows the SQL and not the plumbing. */
public final class Jdbc {
  private Jdbc() {}

  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      return s.executeUpdate();
    }
  }

  public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      try (ResultSet rs = s.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) rows.add(row.map(rs));
        return rows;
      }
    }
  }

  public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    List<T> rows = query(c, sql, row, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  public static void execute(Connection c, String... statements) throws SQLException {
    try (var s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  static void bind(PreparedStatement s, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) s.setNull(i + 1, java.sql.Types.NULL);
      else if (a instanceof java.util.UUID || a instanceof Enum<?>) s.setString(i + 1, a.toString());
      else s.setObject(i + 1, a);
    }
  }
}
