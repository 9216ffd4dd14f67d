package eventkernel.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eventkernel.lease.Lease;
import eventkernel.lease.Leased;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {
  @TempDir Path dir;

  @Test
  void one_holder_at_a_time_and_another_takes_over_once_the_holder_stops_renewing() {
    try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("lease.db"))) {
      Lease a = new Lease(db, "relay", "process-a", Duration.ofMillis(300), Clock.systemUTC());
      Lease b = new Lease(db, "relay", "process-b", Duration.ofMillis(300), Clock.systemUTC());

      assertThat(a.acquire()).isTrue();
      assertThat(b.acquire()).isFalse();
      assertThat(a.acquire()).as("the holder renews").isTrue();

      await().atMost(Duration.ofSeconds(5)).until(b::acquire);
      assertThat(a.acquire()).as("the old holder lost it").isFalse();
    }
  }

  @Test
  void a_leased_part_runs_in_one_process_only_and_fails_over_when_it_stops() {
    try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("leased.db"))) {
      AtomicInteger runningA = new AtomicInteger();
      AtomicInteger runningB = new AtomicInteger();
      Duration ttl = Duration.ofMillis(600);
      Leased a = new Leased(new Lease(db, "relay", "a", ttl, Clock.systemUTC()), ttl, () -> {
        runningA.incrementAndGet();
        return runningA::decrementAndGet;
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> runningA.get() == 1);
      try (Leased b = new Leased(new Lease(db, "relay", "b", ttl, Clock.systemUTC()), ttl, () -> {
        runningB.incrementAndGet();
        return runningB::decrementAndGet;
      })) {
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3)).until(() -> runningB.get() == 0);

        a.close();

        assertThat(runningA.get()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> runningB.get() == 1);
      }
    }
  }
}
