package dev.reverbj.observe.dashboard;

import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Debian's headless chromium driven through {@code /usr/bin/chromedriver}. Both paths are given explicitly, so
 * Selenium Manager never looks for (or downloads) a browser or a driver. Runs as root in CI, hence
 * {@code --no-sandbox}. Basic-auth credentials go in an {@code Authorization} header set through the DevTools
 * protocol, so the page and its EventSource both carry them.
 */
final class DashboardBrowser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** A browser on a busy 2-core box can take a while to start and paint; each wait is bounded by this. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;

    private DashboardBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    static DashboardBrowser start() {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new AssertionError("the dashboard test needs Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (./run tests installs them as root)");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withTimeout(WAIT.multipliedBy(2))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1250", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US");
        // The browser's own network log: what status each response had, as the page received it.
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT.multipliedBy(2));
        driver.executeCdpCommand("Network.enable", Map.of());
        return new DashboardBrowser(driver);
    }

    /** Sends these basic-auth credentials with every request from now on. */
    void credentials(String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
    }

    void open(String url) {
        driver.get(url);
    }

    /**
     * The HTTP status the browser received for {@code url} (the last response since the previous call), from
     * its DevTools network log; -1 when it received none.
     */
    int statusOf(String url) {
        int status = -1;
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject message = Json.createReader(new StringReader(entry.getMessage())).readObject().getJsonObject("message");
            if ("Network.responseReceived".equals(message.getString("method", ""))) {
                JsonObject response = message.getJsonObject("params").getJsonObject("response");
                if (url.equals(response.getString("url", ""))) {
                    status = response.getInt("status");
                }
            }
        }
        return status;
    }

    /** The text of an element; the page re-renders every second, so a read that raced it is tried again. */
    String text(String cssSelector) {
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElement(By.cssSelector(cssSelector)).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void type(String cssSelector, String text) {
        WebElement input = driver.findElement(By.cssSelector(cssSelector));
        input.clear();
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    /** Picks an option of a select element, as a user would (its change event fires). */
    void choose(String cssSelector, String value) {
        driver.executeScript("var s = document.querySelector(arguments[0]); s.value = arguments[1];"
                + " s.dispatchEvent(new Event('change'));", cssSelector, value);
    }

    /** Polls until {@code check} holds, for {@link #WAIT} at most; fails with what was last seen. */
    void await(String what, Supplier<Boolean> check, Supplier<String> seen) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (check.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                // Not rendered yet (a stale or missing element): try again.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the dashboard never showed " + what + "; it showed: " + seen.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    void screenshot(Path file) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
