package eventkernel.store;

/** Why an event was written and by whom; each part may be absent (null). */
public record Metadata(String correlationId, String causationId, String who) {
  public static final Metadata NONE = new Metadata(null, null, null);

  public Metadata withCausation(String causationId) {
    return new Metadata(correlationId, causationId, who);
  }
}
