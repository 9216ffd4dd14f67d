package eventkernel.projection;

import java.time.Duration;

/** How far one projection is, and whether it stopped on an event it could not apply. */
public record ProjectionStatus(
    String name,
    State state,
    long position,
    long lagEvents,
    Duration lag,
    Long failedAt,
    String error) {
  public enum State { CATCHING_UP, LIVE, REBUILDING, FAILED, STOPPED }
}
