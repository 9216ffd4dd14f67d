package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.config.Config;
import tools.jackson.databind.JsonNode;

class WhenTheMailServerIsDownTest {
  @TempDir Path data;
  GreenMail mailServer;
  RunningPetStore petStore;

  @AfterEach void stop() {
    if (petStore != null) petStore.close();
    if (mailServer != null) mailServer.stop();
  }

  @Test void the_email_waits_for_the_mail_server_and_goes_out_exactly_once_when_it_is_back() throws Exception {
    int port = freePort();
    mailServer = mailServerOn(port);
    mailServer.stop();
    // enough attempts to outlast the outage: 200 ms, doubling, capped at 30 s
    petStore = RunningPetStore.start(data, c -> c.with(Config.Setting.SMTP, "smtp://127.0.0.1:" + port)
        .with(Config.Setting.RETRY, "30:200"));
    Api api = petStore.api();
    String shelter = api.registerShelter("Happy Paws", "Oslo", null).path("shelterId").asString();
    String customer = api.registerCustomer("Alice Lund", "alice@example.org");
    String adoption = api.adopted(api.registerPet("Rex", "dog", 3, shelter), customer);

    JsonNode waiting = await().atMost(Api.PATIENCE).ignoreExceptions().until(() -> api.adoption(adoption), a ->
        a.path("steps").path("email").path("attempts").asInt() >= 2
            && a.path("steps").path("welcome-package").path("status").asString().equals("done")
            && a.path("steps").path("certificate").path("status").asString().equals("done"));
    assertThat(waiting.path("status").asString()).isEqualTo("processing");
    assertThat(waiting.path("steps").path("email").path("status").asString()).isEqualTo("pending");
    assertThat(waiting.path("steps").path("email").path("lastError").asString()).contains("not sent via smtp://127.0.0.1:" + port);
    int attempts = waiting.path("steps").path("email").path("attempts").asInt();
    await().atMost(Api.PATIENCE).ignoreExceptions()
        .until(() -> api.step(adoption, "email").path("attempts").asInt(), n -> n > attempts);
    assertThat(api.adoption(adoption).path("status").asString()).isEqualTo("processing");

    mailServer = mailServerOn(port);
    JsonNode completed = api.awaitAdoption(adoption, "completed");

    assertThat(completed.path("steps").path("email").path("status").asString()).isEqualTo("done");
    assertThat(completed.path("steps").path("email").path("attempts").asInt()).isGreaterThan(attempts);
    assertThat(mailsFor(adoption)).hasSize(1);
    Thread.sleep(2_000);  // a second send would come within the retry schedule's first delays
    assertThat(mailsFor(adoption)).hasSize(1);
    assertThat(mailServer.getReceivedMessages()).hasSize(1);
    MimeMessage mail = mailsFor(adoption).getFirst();
    assertThat(mail.getRecipients(MimeMessage.RecipientType.TO)).containsExactly(new InternetAddress("alice@example.org"));
    assertThat(mail.getSubject()).isEqualTo("You adopted Rex!");
  }

  List<MimeMessage> mailsFor(String adoption) {
    return Arrays.stream(mailServer.getReceivedMessages()).filter(m -> {
      try {
        return ("<adoption-" + adoption + "@petstore.local>").equals(m.getMessageID());
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  static GreenMail mailServerOn(int port) {
    GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    return server;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
