package eventkernel.messaging;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A service's work for one message, in two parts: {@link #act} does the side effect outside any
 * transaction (send a mail, call a webhook) and must be safe to repeat for the same message;
 * {@link #record} writes the service's rows in the transaction that also records the message in the
 * consumer's inbox, and names the outcome events to append.
 */
public interface MessageHandler<R> {
  R act(Message message) throws Exception;

  /** @param attempt which attempt this is, 1 for the first */
  Outcome record(Message message, R acted, int attempt, Connection tx) throws SQLException;

  /** The events that record a failed attempt ({@code last} when no retry follows); none by default. */
  default Outcome failed(Message message, int attempt, String error, boolean last) {
    return Outcome.NONE;
  }
}
