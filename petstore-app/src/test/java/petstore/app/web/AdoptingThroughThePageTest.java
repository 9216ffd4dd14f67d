package petstore.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import petstore.app.PetStore;
import petstore.app.config.Config;

/**
 * A person at the page, in the machine's own headless Chromium: registers a shelter, a pet and a
 * customer, adopts, and watches the eight steps turn done. The screenshot lands in
 * target/screenshots/adoption.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdoptingThroughThePageTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration PATIENCE = Duration.ofSeconds(60);

  PetStore petStore;
  WebDriver browser;
  WebDriverWait wait;
  String rexId;

  @BeforeAll void openThePage(@TempDir Path data, @TempDir Path profile) {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("this test drives the machine's Chromium: %s and %s are needed. Install them with "
            + "'apt-get install -y chromium chromium-driver' (./petstore test does it when run as root)", CHROMIUM, CHROMEDRIVER)
        .isTrue();
    petStore = PetStore.start(Config.embedded(data, 0));
    // The driver and the browser are named outright, so Selenium Manager has nothing to download.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,1700", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, PATIENCE);
    browser.get("http://127.0.0.1:" + petStore.port() + "/");
    wait.until(ExpectedConditions.textToBe(By.id("live-status"), "live"));
  }

  @AfterAll void close() {
    if (browser != null) browser.quit();
    if (petStore != null) petStore.close();
  }

  @Test @Order(1) void a_mistake_is_told_in_words_next_to_the_field() {
    WebElement form = browser.findElement(By.id("pet-form"));
    form.findElement(By.name("age")).sendKeys("300");
    form.findElement(By.cssSelector("button[type=submit]")).click();

    WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#pet-form .message.error")));
    assertThat(message.getText()).contains("Please check these fields", "Name is required.", "Shelter is required.");
    assertThat(form.findElement(By.name("name")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(form.findElements(By.cssSelector(".field-error"))).extracting(WebElement::getText)
        .contains("Name is required.", "Shelter is required.");
    form.findElement(By.name("age")).clear();
  }

  @Test @Order(2) void a_person_registers_adopts_and_watches_the_eight_steps_complete() throws Exception {
    submit("shelter-form", "name", "Happy Paws", "city", "Oslo");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#shelter-form .message.ok"), "Happy Paws is registered"));

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#pet-form select[name=shelterId]"), "Happy Paws"));
    new Select(browser.findElement(By.cssSelector("#pet-form select[name=species]"))).selectByValue("dog");
    submit("pet-form", "name", "Rex", "age", "3");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#pet-form .message.ok"), "Rex is registered"));

    submit("customer-form", "name", "Alice Lund", "email", "alice@example.org");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#customer-form .message.ok"), "Alice Lund is registered"));

    // The list is drawn again whenever the live feed reports a pet event, so the row found a moment ago
    // may be gone by the time it is clicked: find it and click it in one go, and again if it was redrawn.
    By rexRow = By.xpath("//ul[@id='pet-list']/li[contains(., 'Rex')]");
    String rexText = wait.ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement rex = d.findElement(rexRow);
      String text = rex.getText();
      rexId = rex.getAttribute("data-pet-id");
      rex.findElement(By.cssSelector("button.adopt")).click();
      return text;
    });
    assertThat(rexText).contains("dog", "3 years", "Happy Paws");
    assertThat(new Select(browser.findElement(By.cssSelector("#adopt-form select[name=customerId]"))).getFirstSelectedOption().getText())
        .contains("Alice Lund");
    browser.findElement(By.cssSelector("#adopt-form button[type=submit]")).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("adoption")));
    wait.until(d -> d.findElements(By.cssSelector("#steps li.step.done")).size() == 8);
    wait.until(ExpectedConditions.textToBe(By.id("adoption-status"), "completed"));
    WebElement certificate = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("certificate-link")));
    assertThat(certificate.getAttribute("href")).endsWith("/certificate.pdf");
    List<String> steps = browser.findElements(By.cssSelector("#steps li .name")).stream().map(WebElement::getText).toList();
    assertThat(steps).hasSize(8).contains("Confirmation e-mail sent", "Adoption certificate issued");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#feed-list li[data-type='adoption.completed']")));
    assertThat(browser.findElements(By.xpath("//ul[@id='pet-list']/li[contains(., 'Rex')]"))).as("Rex is no longer available").isEmpty();

    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('register').scrollIntoView()");
    assertThat(screenshot("adoption.png")).isNotEmptyFile();
  }

  @Test @Order(3) void the_pets_history_shows_it_as_it_was_at_each_version() throws Exception {
    browser.findElement(By.cssSelector("#history-form input[name=petId]")).clear();
    browser.findElement(By.cssSelector("#history-form input[name=petId]")).sendKeys(rexId);
    browser.findElement(By.cssSelector("#history-form button[type=submit]")).click();

    wait.until(d -> d.findElements(By.cssSelector("#timeline li")).size() == 2);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pet-as-of"), "adopted by Alice Lund"));
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "const s = document.getElementById('history-slider'); s.value = '1'; s.dispatchEvent(new Event('input'));");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pet-as-of"), "available"));
    assertThat(browser.findElement(By.id("history-version")).getText()).isEqualTo("version 1 of 2");
    assertThat(browser.findElement(By.cssSelector("#timeline li.current")).getText()).contains("Registered: Rex");
    screenshot("history.png");
  }

  /** The browser's view, into the build output for a person to look at. */
  private Path screenshot(String name) throws java.io.IOException {
    Path shot = Path.of("target", "screenshots", name);
    Files.createDirectories(shot.getParent());
    Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    return shot;
  }

  private void submit(String formId, String... namesAndValues) {
    WebElement form = browser.findElement(By.id(formId));
    for (int i = 0; i < namesAndValues.length; i += 2) {
      WebElement input = form.findElement(By.name(namesAndValues[i]));
      input.clear();
      input.sendKeys(namesAndValues[i + 1]);
    }
    form.findElement(By.cssSelector("button[type=submit]")).click();
  }
}
