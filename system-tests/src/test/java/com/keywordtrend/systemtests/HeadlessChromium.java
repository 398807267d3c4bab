package com.keywordtrend.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless, through its chromedriver: how the console's browser tests see the page. */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/console");

    private HeadlessChromium() {
    }

    /**
     * A browser; the calling tests are skipped when Chromium is not installed, except under CI,
     * where .ci/run installs it and its absence is a failure.
     */
    static WebDriver start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("Chromium and chromedriver are missing: .ci/run installs Debian's chromium and chromium-driver");
        }
        Assumptions.assumeTrue(installed, "Chromium is not installed (apt-get install chromium chromium-driver); browser tests skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // headless, and nothing that reaches for the network: this machine's network is closed
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,2600", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        Files.createDirectories(SCREENSHOTS);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    /** Waits up to {@code atMost} until {@code condition} holds on the page; a changing page may throw meanwhile. */
    static void until(WebDriver browser, Duration atMost, Predicate<WebDriver> condition) {
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> condition.test(browser));
    }

    /** Replaces the text of the field {@code id}, as a user types it. */
    static void type(WebDriver browser, String id, String text) {
        var field = browser.findElement(org.openqa.selenium.By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
