package eventkernel.codec;

/** Encodes an aggregate's state for snapshots; a new {@code schemaVersion} makes old snapshots ignored. */
public interface StateCodec<S> {
  int schemaVersion();

  String encode(S state);

  S decode(String json);
}
