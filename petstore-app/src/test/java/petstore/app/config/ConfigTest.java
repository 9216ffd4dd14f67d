package petstore.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;

  private Config resolve(Map<Config.Setting, String> flags, Map<String, String> env) {
    return Config.resolve(flags, env, dir.resolve("none.properties"), false);
  }

  @Test
  void the_public_url_defaults_to_localhost_on_the_port() {
    assertThat(resolve(Map.of(Config.Setting.PORT, "9090"), Map.of()).publicUrl()).isEqualTo("http://localhost:9090");
    assertThat(resolve(Map.of(), Map.of()).publicUrl()).isEqualTo("http://localhost:8080");
  }

  @Test
  void the_public_url_comes_from_the_flag_then_the_environment_then_the_file() throws Exception {
    Path file = Files.writeString(dir.resolve("petstore.properties"), "public_url=https://from-file.example.org\n");
    Map<String, String> env = Map.of("PETSTORE_PUBLIC_URL", "https://from-env.example.org/");
    assertThat(Config.resolve(Map.of(Config.Setting.PUBLIC_URL, "https://from-flag.example.org"), env, file, true).publicUrl())
        .isEqualTo("https://from-flag.example.org");
    assertThat(Config.resolve(Map.of(), env, file, true).publicUrl()).as("a trailing slash is dropped")
        .isEqualTo("https://from-env.example.org");
    assertThat(Config.resolve(Map.of(), Map.of(), file, true).publicUrl()).isEqualTo("https://from-file.example.org");
  }

  @Test
  void a_public_url_that_is_not_an_http_url_is_refused_with_an_example() {
    for (String bad : new String[] {"pets.example.org", "ftp://pets.example.org", "https://", "https://pets.example.org/?a=1", "http://exa mple.org"}) {
      assertThatThrownBy(() -> resolve(Map.of(Config.Setting.PUBLIC_URL, bad), Map.of()))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://pets.example.org");
    }
  }
}
