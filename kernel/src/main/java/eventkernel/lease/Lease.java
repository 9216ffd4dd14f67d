package eventkernel.lease;

import static eventkernel.sql.Jdbc.update;

import eventkernel.sql.Database;
import eventkernel.sql.Jdbc;
import java.time.Clock;
import java.time.Duration;

/**
 * A named lease in the shared database: the holder keeps it by renewing before it expires; when the
 * holder dies, another process takes it once it has expired. Renewal and takeover are one conditional
 * upsert, so two processes never both hold it (up to clock skew between them, which the TTL absorbs).
 */
public final class Lease {
  private final Database db;
  private final String name;
  private final String holder;
  private final Duration ttl;
  private final Clock clock;

  public Lease(Database db, String name, String holder, Duration ttl, Clock clock) {
    this.db = db;
    this.name = name;
    this.holder = holder;
    this.ttl = ttl;
    this.clock = clock;
    db.write(c -> {
      Jdbc.execute(c, "CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL)");
      return null;
    });
  }

  /** Takes or renews the lease; true while this holder has it. */
  public boolean acquire() {
    long now = clock.millis();
    return db.write(c -> update(c, """
        INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE leases.holder = excluded.holder OR leases.expires_at < ?""", name, holder, now + ttl.toMillis(), now)) == 1;
  }

  /** Gives the lease up at once, so a successor need not wait for it to expire. */
  public void release() {
    db.write(c -> update(c, "DELETE FROM leases WHERE name = ? AND holder = ?", name, holder));
  }

  public String name() {
    return name;
  }

  public String holder() {
    return holder;
  }
}
