package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.auth.LocalAuthorizer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** The console against an API that needs a token (the runner with --auth), in headless Chromium. */
class ConsoleTokenBrowserTest {
    static LocalRunner runner;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
        runner = LocalRunner.start(TestRunners.options("ConsoleTokenBrowserTest").auth(true));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (runner != null) runner.close();
    }

    static void type(String id, String text) {
        HeadlessChromium.type(browser, id, text);
    }

    @Test
    void without_a_token_it_says_where_to_paste_one_and_with_it_the_job_runs_the_token_never_in_a_url_or_kept() throws Exception {
        String token = LocalAuthorizer.forProject(Path.of("..").toAbsolutePath().normalize()).token("carol", Duration.ofHours(1));
        browser.get(runner.apiBase() + "/");
        type("industry", "fitness");
        type("usp", "24-hour boutique gym");
        browser.findElement(By.cssSelector("#orchestrate-form button[type=submit]")).click();
        HeadlessChromium.until(browser, Duration.ofSeconds(30), d -> d.findElement(By.id("error")).isDisplayed());
        assertEquals("The API needs a token: paste it under \"API token\" above.", browser.findElement(By.id("error")).getText());

        browser.findElement(By.cssSelector("#token-panel summary")).click();
        type("token", token);
        browser.findElement(By.cssSelector("#orchestrate-form button[type=submit]")).click();
        HeadlessChromium.until(browser, Duration.ofSeconds(90),
                d -> "100".equals(d.findElement(By.id("job-progress")).getDomProperty("value")));
        assertFalse(browser.findElement(By.id("error")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("#keywords-table tbody tr")).size() > 0);

        assertFalse(browser.getCurrentUrl().contains(token), "never in a URL");
        String local = (String) ((JavascriptExecutor) browser).executeScript("return JSON.stringify(localStorage)");
        assertFalse(local.contains(token), "never kept beyond the tab");
        HeadlessChromium.screenshot(browser, "with-token");
    }
}
