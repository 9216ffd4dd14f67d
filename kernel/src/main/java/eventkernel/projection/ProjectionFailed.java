package eventkernel.projection;

import eventkernel.store.LogFollower;

/** An event a projection could not apply; the projection stops on it rather than skip it. */
public final class ProjectionFailed extends RuntimeException implements LogFollower.Fatal {
  private final long position;

  public ProjectionFailed(String projection, long position, String type, Throwable cause) {
    super(projection + " failed on event " + type + " at position " + position + ": " + cause.getMessage(), cause);
    this.position = position;
  }

  public long position() {
    return position;
  }
}
