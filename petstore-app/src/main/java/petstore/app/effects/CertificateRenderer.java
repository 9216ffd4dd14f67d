package petstore.app.effects;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

/** Renders the one-page PDF certificate a customer receives for an adoption. */
public final class CertificateRenderer {

  public record Certificate(String adoptionId, String petName, String species, String customerName, String shelterName,
                            LocalDate adoptedOn) {
    public Certificate {
      Objects.requireNonNull(adoptionId, "adoptionId");
      Objects.requireNonNull(petName, "petName");
      Objects.requireNonNull(species, "species");
      Objects.requireNonNull(customerName, "customerName");
      Objects.requireNonNull(shelterName, "shelterName");
      Objects.requireNonNull(adoptedOn, "adoptedOn");
    }
  }

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
  private static final PDRectangle LANDSCAPE_A4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
  private static final float MARGIN = 56;

  public byte[] render(Certificate c) {
    // standard-14 fonts are not embedded, so the PDF stays small; new per render because PDFBox fonts keep unsynchronised caches
    PDType1Font regular = new PDType1Font(FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(FontName.HELVETICA_BOLD);
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage(LANDSCAPE_A4);
      document.addPage(page);
      document.getDocumentInformation().setTitle("Certificate of Adoption " + encodable(regular, c.adoptionId()));
      try (PDPageContentStream out = new PDPageContentStream(document, page)) {
        out.setLineWidth(3);
        out.addRect(MARGIN / 2, MARGIN / 2, page.getMediaBox().getWidth() - MARGIN, page.getMediaBox().getHeight() - MARGIN);
        out.stroke();

        float y = page.getMediaBox().getHeight() - 120;
        y = centered(out, page, bold, 40, "Certificate of Adoption", y) - 30;
        y = centered(out, page, regular, 16, "This certifies that", y);
        y = centered(out, page, bold, 28, c.customerName(), y);
        y = centered(out, page, regular, 16, "has given a home to", y);
        y = centered(out, page, bold, 34, c.petName(), y);
        y = centered(out, page, regular, 16, "a " + c.species().toLowerCase(Locale.ROOT) + " from " + c.shelterName(), y);
        centered(out, page, regular, 16, "on " + DAY.format(c.adoptedOn()), y);
        centered(out, page, regular, 10, "Adoption " + c.adoptionId(), MARGIN + 10);
      }
      ByteArrayOutputStream pdf = new ByteArrayOutputStream();
      document.save(pdf);
      return pdf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the certificate for adoption " + c.adoptionId(), e);
    }
  }

  /** Draws one line centred on the page, shrunk to fit its width; returns the baseline for the next line. */
  private float centered(PDPageContentStream out, PDPage page, PDType1Font font, float size, String text, float y)
      throws IOException {
    String line = encodable(font, text);
    float room = page.getMediaBox().getWidth() - 2 * MARGIN;
    float width = font.getStringWidth(line) / 1000 * size;
    if (width > room) {
      size = size * room / width;
      width = room;
    }
    out.beginText();
    out.setFont(font, size);
    out.newLineAtOffset((page.getMediaBox().getWidth() - width) / 2, y);
    out.showText(line);
    out.endText();
    return y - size * 1.8f;
  }

  // Helvetica only has WinAnsi glyphs: a name with an emoji or CJK must still get its certificate, with '?' in their place
  private static String encodable(PDType1Font font, String text) {
    String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
    StringBuilder line = new StringBuilder(composed.length());
    composed.codePoints().forEach(cp -> {
      if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
        line.append(' ');
        return;
      }
      if (Character.getType(cp) == Character.FORMAT || (cp >= 0xFE00 && cp <= 0xFE0F)) return;  // invisible: joiners, variation selectors
      String ch = Character.toString(cp);
      try {
        font.encode(ch);
        line.append(ch);
      } catch (IllegalArgumentException | IOException unencodable) {
        line.append('?');
      }
    });
    return line.toString();
  }
}
