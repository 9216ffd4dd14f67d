package eventkernel.store;

/** A stored event whose type no codec or upcaster knows: a deployment that forgot a type, never data to skip. */
public final class UnknownEventType extends EventStoreException {
  private final String type;
  private final StreamId stream;

  public UnknownEventType(String type, StreamId stream) {
    super("unknown event type '" + type + "' in stream " + stream + ": no decoder and no upcaster is registered for it");
    this.type = type;
    this.stream = stream;
  }

  public String type() {
    return type;
  }

  public StreamId stream() {
    return stream;
  }
}
