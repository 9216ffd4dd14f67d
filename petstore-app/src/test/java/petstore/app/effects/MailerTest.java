package petstore.app.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.effects.Mailer.AdoptionMail;
import petstore.app.effects.Mailer.MailNotSent;

class MailerTest {
  static final Instant adoptedAt = Instant.parse("2025-03-14T14:30:00Z");
  static final AdoptionMail rex =
      new AdoptionMail("0195a3c2-7d1e-7c3b-9f00-5e2d1a4b6c7d", "alice@example.org", "Alice Zoë", "Rex", "DOG", "Happy Paws",
          adoptedAt);
  static final String rexMessageId = "<adoption-0195a3c2-7d1e-7c3b-9f00-5e2d1a4b6c7d@petstore.local>";

  @Nested class OverSmtp {
    GreenMail server;

    @BeforeEach void start() {
      server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      server.start();
    }

    @AfterEach void stop() {
      server.stop();
    }

    Mailer mailer() {
      return Mailer.overSmtp(URI.create("smtp://127.0.0.1:" + server.getSmtp().getPort()), Mailer.DEFAULT_FROM,
          Duration.ofSeconds(5), Mailer.DEFAULT_ZONE);
    }

    @Test void the_confirmation_arrives_addressed_titled_and_identified_by_the_adoption() throws Exception {
      mailer().send(rex);

      assertThat(server.waitForIncomingEmail(5_000, 1)).isTrue();
      MimeMessage received = server.getReceivedMessages()[0];
      assertThat(received.getRecipients(MimeMessage.RecipientType.TO))
          .containsExactly(new InternetAddress("alice@example.org", "Alice Zoë", "UTF-8"));
      assertThat(((InternetAddress) received.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal()).isEqualTo("Alice Zoë");
      assertThat(received.getFrom()).containsExactly(new InternetAddress("adoptions@petstore.local"));
      assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("PetStore");
      assertThat(received.getSubject()).isEqualTo("You adopted Rex!");
      assertThat(received.getMessageID()).isEqualTo(rexMessageId);
      assertThat(received.getSentDate().toInstant()).isEqualTo(adoptedAt);
      assertThat(text(received)).contains("Dear Alice Zoë", "Rex (dog) from Happy Paws", "14 March 2025", rex.messageKey());
    }

    @Test void the_message_carries_a_plain_text_part_and_an_escaped_html_alternative() throws Exception {
      mailer().send(new AdoptionMail("a-2", "bob@example.org", "Bob <the builder>", "Tom & Jerry", "CAT", "Paws", adoptedAt));

      assertThat(server.waitForIncomingEmail(5_000, 1)).isTrue();
      Multipart parts = (Multipart) server.getReceivedMessages()[0].getContent();
      assertThat(parts.getContentType()).startsWith("multipart/alternative");
      assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
      assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
      assertThat((String) parts.getBodyPart(1).getContent())
          .contains("Dear Bob &lt;the builder&gt;", "<strong>Tom &amp; Jerry</strong>")
          .doesNotContain("<the builder>");
    }

    @Test void a_repeated_send_is_recognisable_by_the_same_message_id() throws Exception {
      mailer().send(rex);
      mailer().send(rex);

      assertThat(server.waitForIncomingEmail(5_000, 2)).isTrue();
      assertThat(Stream.of(server.getReceivedMessages()).map(MailerTest::messageId)).containsExactly(rexMessageId, rexMessageId);
    }

    @Test void a_server_that_is_down_fails_the_send_and_takes_it_once_back_up() throws Exception {
      int port = server.getSmtp().getPort();
      Mailer mailer = mailer();
      server.stop();

      assertThatThrownBy(() -> mailer.send(rex))
          .isInstanceOf(MailNotSent.class)
          .hasMessageContaining(rex.messageKey())
          .hasMessageContaining("smtp://127.0.0.1:" + port)
          .hasMessageContaining("Connection refused");

      server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      server.start();
      mailer.send(rex);
      assertThat(server.waitForIncomingEmail(5_000, 1)).isTrue();
      assertThat(server.getReceivedMessages()[0].getMessageID()).isEqualTo(rexMessageId);
    }

    @Test void smtps_does_not_fall_back_to_plain_text_against_a_server_without_tls() {
      Mailer tls = Mailer.overSmtp(URI.create("smtps://127.0.0.1:" + server.getSmtp().getPort()), Mailer.DEFAULT_FROM,
          Duration.ofSeconds(2), Mailer.DEFAULT_ZONE);

      assertThatThrownBy(() -> tls.send(rex)).isInstanceOf(MailNotSent.class).hasMessageContaining("smtps://127.0.0.1");
      assertThat(server.getReceivedMessages()).isEmpty();
    }
  }

  @Nested class WithCredentials {
    GreenMail server;

    @BeforeEach void start() {
      server = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@petstore.local", "relay", "s3cr+t:pw"));
      server.start();
    }

    @AfterEach void stop() {
      server.stop();
    }

    @Test void the_user_and_percent_encoded_password_in_the_url_authenticate() throws Exception {
      Mailer.configured("smtp://relay:s3cr+t%3Apw@127.0.0.1:" + server.getSmtp().getPort(), Path.of("unused")).send(rex);

      assertThat(server.waitForIncomingEmail(5_000, 1)).isTrue();
    }

    @Test void a_wrong_password_fails_without_showing_it() {
      Mailer mailer = Mailer.configured("smtp://relay:wrong@127.0.0.1:" + server.getSmtp().getPort(), Path.of("unused"));

      assertThatThrownBy(() -> mailer.send(rex))
          .isInstanceOf(MailNotSent.class)
          .hasMessageContaining("smtp://***@127.0.0.1")
          .hasMessageNotContaining("wrong");
    }
  }

  @Nested class ToFolder {
    @TempDir Path data;

    @Test void the_message_is_written_as_an_eml_file_that_parses_back() throws Exception {
      Path folder = data.resolve("mail");
      Mailer.configured(null, folder).send(rex);

      Path eml = folder.resolve("adoption-" + rex.messageKey() + ".eml");
      try (InputStream in = Files.newInputStream(eml)) {
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), in);
        assertThat(parsed.getMessageID()).isEqualTo(rexMessageId);
        assertThat(parsed.getSubject()).isEqualTo("You adopted Rex!");
        assertThat(((InternetAddress) parsed.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress()).isEqualTo("alice@example.org");
        assertThat(text(parsed)).contains("Rex (dog) from Happy Paws", "14 March 2025");
      }
    }

    @Test void writing_the_same_adoption_twice_leaves_one_file_and_no_temporary_one() throws Exception {
      Mailer mailer = Mailer.configured("none", data);
      mailer.send(rex);
      byte[] first = Files.readAllBytes(data.resolve("adoption-" + rex.messageKey() + ".eml"));
      mailer.send(rex);

      assertThat(files(data)).containsExactly("adoption-" + rex.messageKey() + ".eml");
      assertThat(Files.readAllBytes(data.resolve("adoption-" + rex.messageKey() + ".eml"))).isEqualTo(first);
    }

    @Test void the_half_written_file_of_a_crashed_send_is_removed_when_the_mail_is_sent_again() throws Exception {
      // the process was killed between writing the temporary file and renaming it into place
      Files.writeString(data.resolve(".adoption-" + rex.messageKey() + "-8461902312.tmp"), "Subject: You ado");
      Files.writeString(data.resolve(".adoption-another-8461902312.tmp"), "someone else's, still being written");

      Mailer.configured(null, data).send(rex);

      assertThat(files(data)).containsExactlyInAnyOrder("adoption-" + rex.messageKey() + ".eml", ".adoption-another-8461902312.tmp");
    }

    @Test void different_adoptions_get_different_files() throws Exception {
      Mailer mailer = Mailer.configured(" ", data);
      mailer.send(rex);
      mailer.send(new AdoptionMail("another", "bob@example.org", null, "Tom", "CAT", "Paws", adoptedAt));

      assertThat(files(data)).containsExactlyInAnyOrder("adoption-" + rex.messageKey() + ".eml", "adoption-another.eml");
    }

    @Test void a_folder_that_cannot_be_created_fails_the_send() throws Exception {
      Path aFile = Files.writeString(data.resolve("not-a-folder"), "x");

      assertThatThrownBy(() -> Mailer.configured(null, aFile.resolve("mail")).send(rex))
          .isInstanceOf(MailNotSent.class).hasMessageContaining("not written");
    }
  }

  @Test void a_message_key_unfit_for_a_file_name_is_refused() {
    assertThatThrownBy(() -> new AdoptionMail("../etc/passwd", "a@b.org", "A", "Rex", "DOG", "S", adoptedAt))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test void an_invalid_recipient_is_refused_before_any_delivery(@TempDir Path data) {
    assertThatThrownBy(() -> Mailer.configured(null, data)
        .send(new AdoptionMail("k", "not an address", "A", "Rex", "DOG", "S", adoptedAt)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address");
  }

  @Test void a_server_url_that_is_not_smtp_is_refused() {
    assertThatThrownBy(() -> Mailer.configured("http://mail.example.org", Path.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smtp://");
  }

  static String text(MimeMessage message) throws Exception {
    return (String) ((Multipart) message.getContent()).getBodyPart(0).getContent();
  }

  static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> files(Path folder) throws Exception {
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.map(p -> p.getFileName().toString()).toList();
    }
  }
}
