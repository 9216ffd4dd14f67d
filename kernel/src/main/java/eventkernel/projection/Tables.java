package eventkernel.projection;

/**
 * Names of a projection's tables: the live ones, or a rebuild's fresh copies that are swapped in once
 * caught up. Index names carry the suffix too, since they must be unique beside the live ones.
 */
public record Tables(String suffix) {
  public static final Tables LIVE = new Tables("");

  public String of(String base) {
    return base + suffix;
  }
}
