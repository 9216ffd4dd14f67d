package petstore.app.effects;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/** Sends the adoption confirmation: over SMTP when a server is configured, otherwise as an .eml file in a folder. */
public final class Mailer {

  public record AdoptionMail(String messageKey, String toAddress, String toName, String petName, String species,
                             String shelterName, Instant adoptedAt) {
    public AdoptionMail {
      Objects.requireNonNull(messageKey, "messageKey");
      if (!SAFE_KEY.matcher(messageKey).matches()) {
        // the key becomes a file name and a Message-ID: keep it to characters that are safe in both
        throw new IllegalArgumentException("message key must match " + SAFE_KEY + ", got " + messageKey);
      }
      Objects.requireNonNull(toAddress, "toAddress");
      Objects.requireNonNull(petName, "petName");
      Objects.requireNonNull(adoptedAt, "adoptedAt");
    }
  }

  public static final class MailNotSent extends RuntimeException {
    MailNotSent(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static final String DEFAULT_FROM = "PetStore <adoptions@petstore.local>";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Oslo");

  private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  private final Session session;
  private final URI smtp;       // null in folder mode
  private final Path folder;    // null in SMTP mode
  private final InternetAddress from;
  private final ZoneId zone;

  private Mailer(Session session, URI smtp, Path folder, String from, ZoneId zone) {
    this.session = session;
    this.smtp = smtp;
    this.folder = folder;
    this.from = address(from);
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** {@code smtp} is the configured server ({@code smtp://[user:pass@]host:port}, {@code smtps://…}); null, blank or {@code none} writes files to {@code folder}. */
  public static Mailer configured(String smtp, Path folder) {
    if (smtp == null || smtp.isBlank() || smtp.equalsIgnoreCase("none")) return toFolder(folder, DEFAULT_FROM, DEFAULT_ZONE);
    return overSmtp(URI.create(smtp.trim()), DEFAULT_FROM, DEFAULT_TIMEOUT, DEFAULT_ZONE);
  }

  public static Mailer overSmtp(URI server, String from, Duration timeout, ZoneId zone) {
    String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
      throw new IllegalArgumentException("SMTP server must be smtp://host:port or smtps://host:port, got " + redacted(server));
    }
    if (server.getHost() == null) throw new IllegalArgumentException("SMTP server has no host: " + redacted(server));
    String millis = Long.toString(timeout.toMillis());
    Properties props = new Properties();
    props.setProperty("mail." + scheme + ".connectiontimeout", millis);
    props.setProperty("mail." + scheme + ".timeout", millis);
    props.setProperty("mail." + scheme + ".writetimeout", millis);
    if (server.getUserInfo() != null) props.setProperty("mail." + scheme + ".auth", "true");
    if (scheme.equals("smtps")) props.setProperty("mail.smtps.ssl.checkserveridentity", "true");
    return new Mailer(Session.getInstance(props), server, null, from, zone);
  }

  public static Mailer toFolder(Path folder, String from, ZoneId zone) {
    return new Mailer(Session.getInstance(new Properties()), null, Objects.requireNonNull(folder, "folder"), from, zone);
  }

  public void send(AdoptionMail mail) {
    MimeMessage message = compose(mail);
    if (smtp != null) deliver(message, mail);
    else write(message, mail);
  }

  private MimeMessage compose(AdoptionMail mail) {
    String messageId = "<adoption-" + mail.messageKey() + "@petstore.local>";
    // Jakarta Mail assigns a fresh Message-ID on every save; ours must stay the same for the same adoption
    MimeMessage message = new MimeMessage(session) {
      @Override protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
      }
    };
    try {
      InternetAddress to = mail.toName() == null || mail.toName().isBlank()
          ? new InternetAddress(mail.toAddress(), true)
          : new InternetAddress(mail.toAddress(), mail.toName(), "UTF-8");
      to.validate();
      message.setFrom(from);
      message.setRecipient(MimeMessage.RecipientType.TO, to);
      message.setSubject("You adopted " + mail.petName() + "!", "UTF-8");
      // the adoption's time, not the send time: a retried send then produces the same message
      message.setSentDate(Date.from(mail.adoptedAt()));

      MimeBodyPart text = new MimeBodyPart();
      text.setText(plainText(mail), "UTF-8", "plain");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(html(mail), "UTF-8", "html");
      message.setContent(new MimeMultipart("alternative", text, html));
      message.saveChanges();
      return message;
    } catch (AddressException | UnsupportedEncodingException e) {
      throw new IllegalArgumentException("not a valid recipient address: " + mail.toAddress(), e);
    } catch (MessagingException e) {
      throw new IllegalStateException("cannot compose the adoption mail for " + mail.messageKey(), e);
    }
  }

  private String plainText(AdoptionMail mail) {
    return """
        Dear %s,

        Congratulations: %s (%s) from %s is now part of your family.
        Adopted on %s.

        The shelter will be in touch about the first vet visit and the welcome package.

        Adoption reference: %s

        The PetStore team
        """.formatted(greeting(mail), mail.petName(), species(mail), shelter(mail), day(mail), mail.messageKey());
  }

  private String html(AdoptionMail mail) {
    return """
        <!DOCTYPE html>
        <html><body>
        <p>Dear %s,</p>
        <p>Congratulations: <strong>%s</strong> (%s) from %s is now part of your family.<br>Adopted on %s.</p>
        <p>The shelter will be in touch about the first vet visit and the welcome package.</p>
        <p>Adoption reference: <code>%s</code></p>
        <p>The PetStore team</p>
        </body></html>
        """.formatted(escape(greeting(mail)), escape(mail.petName()), escape(species(mail)), escape(shelter(mail)),
        escape(day(mail)), escape(mail.messageKey()));
  }

  private static String greeting(AdoptionMail mail) {
    return mail.toName() == null || mail.toName().isBlank() ? "friend" : mail.toName();
  }

  private static String species(AdoptionMail mail) {
    return mail.species() == null ? "pet" : mail.species().toLowerCase(Locale.ROOT);
  }

  private static String shelter(AdoptionMail mail) {
    return mail.shelterName() == null ? "the shelter" : mail.shelterName();
  }

  private String day(AdoptionMail mail) {
    return DAY.format(mail.adoptedAt().atZone(zone));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private void deliver(MimeMessage message, AdoptionMail mail) {
    String user = null;
    String password = null;
    if (smtp.getRawUserInfo() != null) {
      String[] parts = smtp.getRawUserInfo().split(":", 2);
      user = percentDecoded(parts[0]);
      password = parts.length > 1 ? percentDecoded(parts[1]) : "";
    }
    try (Transport transport = session.getTransport(smtp.getScheme().toLowerCase(Locale.ROOT))) {
      transport.connect(smtp.getHost(), smtp.getPort(), user, password);
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException e) {
      throw new MailNotSent("adoption mail " + mail.messageKey() + " to " + mail.toAddress() + " not sent via "
          + redacted(smtp) + ": " + causes(e), e);
    }
  }

  private void write(MimeMessage message, AdoptionMail mail) {
    Path target = folder.resolve("adoption-" + mail.messageKey() + ".eml");
    removeCrashLeftovers(mail.messageKey());
    if (Files.exists(target)) return;
    Path temp = null;
    try {
      Files.createDirectories(folder);
      // written beside the target, flushed to disk and renamed into place: a crash leaves no half message
      temp = Files.createTempFile(folder, ".adoption-" + mail.messageKey() + "-", ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        message.writeTo(Channels.newOutputStream(channel));
        channel.force(true);
      }
      // a concurrent send of the same adoption may have renamed first; replacing its file changes nothing
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | MessagingException e) {
      deleteQuietly(temp, e);
      throw new MailNotSent("adoption mail " + mail.messageKey() + " not written to " + target + ": " + causes(e), e);
    }
  }

  // A process killed between creating the temporary file and renaming it leaves the temporary file behind. The send
  // is then repeated (it was never acknowledged), so the repeat removes what its own key left; best effort: a
  // leftover harms no mail.
  private void removeCrashLeftovers(String key) {
    if (!Files.isDirectory(folder)) return;
    Pattern leftover = Pattern.compile(Pattern.quote(".adoption-" + key + "-") + "\\d+" + Pattern.quote(".tmp"));
    try (var temps = Files.newDirectoryStream(folder, ".adoption-" + key + "-*.tmp")) {
      for (Path temp : temps) {
        if (leftover.matcher(temp.getFileName().toString()).matches()) Files.deleteIfExists(temp);
      }
    } catch (IOException ignored) {
      // the send itself does not depend on it
    }
  }

  private static void deleteQuietly(Path temp, Exception failure) {
    if (temp == null) return;
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  // URLDecoder is for forms: it would turn a '+' in a password into a space
  private static String percentDecoded(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static InternetAddress address(String from) {
    try {
      return new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("not a valid sender address: " + from, e);
    }
  }

  private static String redacted(URI server) {
    if (server.getUserInfo() == null) return server.toString();
    return server.getScheme() + "://***@" + server.getHost() + (server.getPort() < 0 ? "" : ":" + server.getPort());
  }

  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      text.append(" <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return text.toString();
  }
}
