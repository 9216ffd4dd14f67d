package petstore.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.PetStore;
import petstore.app.config.Config;

/** The page comes from the jar, beside the API; what is not there answers 404 in problem+json. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingThePageTest {
  PetStore petStore;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll void start(@TempDir Path data) {
    petStore = PetStore.start(Config.embedded(data, 0));
  }

  @AfterAll void stop() {
    if (petStore != null) petStore.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + petStore.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test void the_root_is_the_page() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("<title>PetStore</title>", "/app.js", "/app.css");
  }

  @Test void its_script_and_styles_come_with_it_and_nothing_from_elsewhere() throws Exception {
    HttpResponse<String> script = get("/app.js");
    HttpResponse<String> styles = get("/app.css");

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(styles.statusCode()).isEqualTo(200);
    assertThat(styles.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
    for (HttpResponse<String> r : java.util.List.of(get("/"), script, styles)) {
      assertThat(r.body()).as("no CDN, no other site")
          .doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
          .doesNotContainPattern("url\\(\\s*[\"']?(https?:)?//")
          .doesNotContainPattern("(fetch|EventSource)\\(\\s*[\"'`](https?:)?//");
    }
  }

  @Test void a_path_that_is_not_there_answers_404_not_500() throws Exception {
    HttpResponse<String> missing = get("/no/such/page");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(missing.body()).contains("\"status\":404");
  }

  @Test void a_problem_keeps_its_words_whatever_the_characters() throws Exception {
    HttpResponse<String> refused = get("/api/queries/available-pets?maxAge=-1");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("must be a whole number ≥ 0");
  }
}
