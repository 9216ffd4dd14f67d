package eventkernel.store;

/** What the writer believes about the stream it appends to; the store checks it atomically with the append. */
public sealed interface ExpectedVersion {
  /** Append whatever the stream holds. */
  record Any() implements ExpectedVersion {}

  /** The stream must not exist yet. */
  record NoStream() implements ExpectedVersion {}

  /** The stream's last version must be exactly this one. */
  record Exactly(long version) implements ExpectedVersion {
    public Exactly {
      if (version < 1) throw new IllegalArgumentException("an existing stream's version starts at 1, got " + version);
    }
  }

  static ExpectedVersion any() {
    return new Any();
  }

  static ExpectedVersion noStream() {
    return new NoStream();
  }

  /** Version 0 means "no stream yet", so a writer can pass the version it loaded as it is. */
  static ExpectedVersion exactly(long version) {
    return version == 0 ? new NoStream() : new Exactly(version);
  }

  /** Whether a stream whose last version is {@code actual} (0 = no stream) satisfies this expectation. */
  default boolean matches(long actual) {
    return switch (this) {
      case Any a -> true;
      case NoStream n -> actual == 0;
      case Exactly e -> actual == e.version();
    };
  }
}
