package eventkernel.store;

/** An append that could never succeed as asked (bad stream id, no events, oversized payload); nothing was written. */
public final class InvalidAppend extends EventStoreException {
  public InvalidAppend(String message) {
    super(message);
  }
}
