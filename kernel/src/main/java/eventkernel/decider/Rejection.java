package eventkernel.decider;

/** A command refused by a business rule, with words a client can show. */
public interface Rejection {
  String reason();
}
