package petstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

// The domain's compile classpath holds Jackson and SLF4J (through the kernel), so the compiler alone
// would not stop them creeping in. Replaying a history must give the same state on every run: no clock,
// no random source, no I/O, no logger.
class DomainPurityTest {
  private static final Pattern FORBIDDEN = Pattern.compile(String.join("|",
      "import\\s+(static\\s+)?(tools\\.jackson|com\\.fasterxml|org\\.slf4j|java\\.util\\.logging|io\\.javalin|java\\.sql)",
      "import\\s+(static\\s+)?java\\.(io|nio)\\.",
      "import\\s+(static\\s+)?java\\.(util\\.Random|security\\.SecureRandom|time\\.Clock)\\b",
      "\\b(Instant|LocalDate|LocalDateTime|ZonedDateTime|OffsetDateTime)\\.now\\(",
      "\\bUUID\\.randomUUID\\(",
      "\\bSystem\\.(out|err|currentTimeMillis|nanoTime|getenv|getProperty)\\b",
      "\\bMath\\.random\\(",
      "@(?!Override\\b)[A-Z]\\w*"));

  @Test void the_domain_uses_the_jdk_and_the_kernel_only_and_never_reads_a_clock_or_dice() throws IOException {
    List<String> offences;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offences = files.filter(f -> f.toString().endsWith(".java")).flatMap(DomainPurityTest::offences).toList();
    }
    assertThat(offences).isEmpty();
  }

  @Test void the_check_would_catch_an_offence() {
    assertThat(FORBIDDEN.matcher("Instant at = Instant.now();").find()).isTrue();
    assertThat(FORBIDDEN.matcher("import tools.jackson.databind.JsonNode;").find()).isTrue();
    assertThat(FORBIDDEN.matcher("import java.io.File;").find()).isTrue();
    assertThat(FORBIDDEN.matcher("@JsonProperty(\"name\") String name").find()).isTrue();
    assertThat(FORBIDDEN.matcher("  @Override\n  public String reason()").find()).isFalse();
    assertThat(FORBIDDEN.matcher("// like name@example.org").find()).isFalse();
  }

  private static Stream<String> offences(Path file) {
    try {
      return FORBIDDEN.matcher(Files.readString(file)).results().map(m -> file + ": " + m.group().strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
