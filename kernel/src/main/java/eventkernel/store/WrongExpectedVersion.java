package eventkernel.store;

/** The stream moved since the writer read it; nothing was written. */
public final class WrongExpectedVersion extends EventStoreException {
  private final StreamId stream;
  private final ExpectedVersion expected;
  private final long actual;

  public WrongExpectedVersion(StreamId stream, ExpectedVersion expected, long actual) {
    super("stream " + stream + " is at version " + actual + ", expected " + describe(expected));
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }

  private static String describe(ExpectedVersion expected) {
    return switch (expected) {
      case ExpectedVersion.Any a -> "any";
      case ExpectedVersion.NoStream n -> "no stream";
      case ExpectedVersion.Exactly e -> String.valueOf(e.version());
    };
  }

  public StreamId stream() {
    return stream;
  }

  public ExpectedVersion expected() {
    return expected;
  }

  /** The stream's version when the append was refused; 0 when it has none. */
  public long actual() {
    return actual;
  }
}
