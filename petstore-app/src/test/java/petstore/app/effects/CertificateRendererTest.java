package petstore.app.effects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import petstore.app.effects.CertificateRenderer.Certificate;

class CertificateRendererTest {
  final CertificateRenderer renderer = new CertificateRenderer();
  final Certificate rex = new Certificate("0195a3c2-7d1e-7c3b-9f00-5e2d1a4b6c7d", "Rex", "DOG", "Alice Smith", "Happy Paws",
      LocalDate.of(2025, 3, 14));

  @Test void the_certificate_is_a_one_page_pdf_naming_pet_customer_date_adoption_and_shelter() throws IOException {
    byte[] pdf = renderer.render(rex);

    assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isEqualTo(1);
      assertThat(new PDFTextStripper().getText(document))
          .contains("Certificate of Adoption", "Rex", "a dog from Happy Paws", "Alice Smith", "14 March 2025",
              "0195a3c2-7d1e-7c3b-9f00-5e2d1a4b6c7d");
      assertThat(document.getDocumentInformation().getTitle()).contains(rex.adoptionId());
    }
  }

  @Test void winansi_letters_such_as_zoe_with_diaeresis_render_as_themselves() throws IOException {
    String text = textOf(renderer.render(new Certificate("a-1", "Zoë", "CAT", "Søren Ærø", "Café Chats", LocalDate.of(2025, 1, 2))));

    assertThat(text).contains("Zoë", "Søren Ærø", "Café Chats", "2 January 2025");
  }

  @Test void a_decomposed_diaeresis_is_composed_rather_than_lost() throws IOException {
    assertThat(textOf(renderer.render(new Certificate("a-2", "Zoe\u0308", "CAT", "Alice", "Paws", LocalDate.of(2025, 1, 2)))))
        .contains("Zoë");
  }

  @Test void characters_helvetica_cannot_show_become_question_marks_instead_of_failing() throws IOException {
    String text = textOf(renderer.render(new Certificate("a-3", "Rex 🐶", "DOG", "山田 太郎", "Paws ❤️ Shelter", LocalDate.of(2025, 1, 2))));

    assertThat(text).contains("Rex ?", "?? ??", "Paws ? Shelter", "a-3");
  }

  @Test void a_very_long_name_is_shrunk_to_the_page_rather_than_cut() throws IOException {
    String longName = "Sir Reginald Bartholomew Fluffington-Whiskerby the Third of Upper Puddleton";
    String text = textOf(renderer.render(new Certificate("a-4", longName, "CAT", "Alice", "Paws", LocalDate.of(2025, 1, 2))));

    assertThat(text.replaceAll("\\s+", " ")).contains(longName);
  }

  @Test void control_characters_in_a_name_do_not_break_the_page() throws IOException {
    assertThat(textOf(renderer.render(new Certificate("a-5", "Rex\n\tJr", "DOG", "Alice", "Paws", LocalDate.of(2025, 1, 2)))))
        .contains("Rex  Jr");
  }

  @Test void one_renderer_serves_concurrent_renders() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      var renders = IntStream.range(0, 16)
          .mapToObj(i -> (Callable<String>) () -> textOf(renderer.render(
              new Certificate("a-" + i, "Pet " + i, "DOG", "Owner " + i, "Paws", LocalDate.of(2025, 1, 2)))))
          .toList();
      int i = 0;
      for (Future<String> text : pool.invokeAll(renders)) {
        assertThat(text.get()).contains("Pet " + i, "Owner " + i);
        i++;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static String textOf(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isEqualTo(1);
      return new PDFTextStripper().getText(document);
    }
  }
}
