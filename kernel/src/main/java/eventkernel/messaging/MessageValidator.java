package eventkernel.messaging;

import java.util.List;

/** Checks a message against the public contract; an empty list means it holds. */
@FunctionalInterface
public interface MessageValidator {
  List<String> problems(Message message);

  MessageValidator NONE = m -> List.of();
}
