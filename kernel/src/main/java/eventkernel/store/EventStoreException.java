package eventkernel.store;

/** Every failure the store reports on purpose; anything else is a fault of the store itself. */
public abstract sealed class EventStoreException extends RuntimeException
    permits WrongExpectedVersion, InvalidAppend, UnknownEventType {
  protected EventStoreException(String message) {
    super(message);
  }
}
