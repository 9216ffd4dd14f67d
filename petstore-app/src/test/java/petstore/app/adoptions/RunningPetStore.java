package petstore.app.adoptions;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import petstore.app.PetStore;
import petstore.app.config.Config;

/** A whole PetStore on a random port over its own data folder: embedded SQLite, the in-process bus, every role. */
final class RunningPetStore implements AutoCloseable {
  private final PetStore petStore;
  private final Path data;
  private final Api api;

  private RunningPetStore(PetStore petStore, Path data) {
    this.petStore = petStore;
    this.data = data;
    this.api = new Api(petStore.port());
  }

  static RunningPetStore start(Path data, UnaryOperator<Config> settings) {
    Config config = settings.apply(Config.embedded(data, 0).with(Config.Setting.RETRY, "6:200"));
    return new RunningPetStore(PetStore.start(config), data);
  }

  static RunningPetStore start(Path data) {
    return start(data, c -> c);
  }

  Api api() {
    return api;
  }

  Path data() {
    return data;
  }

  int port() {
    return petStore.port();
  }

  @Override
  public void close() {
    petStore.close();
  }
}
