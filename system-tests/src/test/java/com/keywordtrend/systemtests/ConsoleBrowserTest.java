package com.keywordtrend.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.keywordtrend.local.LocalRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real browser (Debian's headless Chromium through its chromedriver), served
 * by the runner on the API's origin, against the real API and engines (offline). Screenshots go to
 * target/console/. Without Chromium the tests are skipped, except under CI, where .ci/run installs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final Duration JOB = Duration.ofSeconds(90);

    static LocalRunner runner;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
        runner = LocalRunner.start(TestRunners.options("ConsoleBrowserTest"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (runner != null) runner.close();
    }

    @BeforeEach
    void openConsole() {
        browser.get(runner.apiBase() + "/");
        until(d -> d.findElement(By.id("history-list")).findElements(By.tagName("li")).size() > 0);
    }

    static void until(java.util.function.Predicate<WebDriver> condition) {
        HeadlessChromium.until(browser, JOB, condition);
    }

    static void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(browser, name);
    }

    static Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(javascript, arguments);
    }

    static void type(String id, String text) {
        HeadlessChromium.type(browser, id, text);
    }

    /** Starts keyword discovery from the form and waits for 100 %. */
    static void discover(String industry, String usp, String services) {
        type("industry", industry);
        type("usp", usp);
        type("key-services", services);
        browser.findElement(By.cssSelector("#orchestrate-form button[type=submit]")).click();
        until(d -> "100".equals(d.findElement(By.id("job-progress")).getDomProperty("value")));
    }

    @Test
    @Order(1)
    void keywords_started_from_the_form_reach_100_percent_and_fill_a_sortable_table() throws Exception {
        discover("dental clinic", "same-day dental implants", "implants\nteeth whitening\northodontics");
        List<WebElement> rows = browser.findElements(By.cssSelector("#keywords-table tbody tr"));
        assertTrue(rows.size() >= 5, rows.size() + " keywords");
        assertEquals("Keyword discovery finished.", browser.findElement(By.id("job-status")).getText());
        List<String> terms = rows.stream().map(r -> r.findElement(By.tagName("th")).getText()).toList();
        assertTrue(terms.contains("same-day dental implants"), terms.toString());

        browser.findElement(By.cssSelector("button[data-sort=term]")).click();
        List<String> sorted = browser.findElements(By.cssSelector("#keywords-table tbody th")).stream().map(WebElement::getText).toList();
        assertEquals(script("return arguments[0].slice().sort((a, b) => a.localeCompare(b))", terms), sorted, "A to Z");
        assertEquals("ascending", browser.findElement(By.xpath("//button[@data-sort='term']/..")).getDomAttribute("aria-sort"));
        browser.findElement(By.id("sources-panel")).click();
        assertTrue(browser.findElement(By.id("sources-list")).getText().contains("lexical: answered"),
                browser.findElement(By.id("sources-list")).getText());
        screenshot("keywords");
        // what the first visit cost (docs/console.md quotes these lines)
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) script("const n = performance.getEntriesByType('navigation')[0];"
                + "const all = [n, ...performance.getEntriesByType('resource').filter(e => e.initiatorType !== 'fetch')];"
                + "return {bytes: all.reduce((s, e) => s + (e.transferSize || 0), 0),"
                + " decoded: all.reduce((s, e) => s + (e.decodedBodySize || 0), 0),"
                + " interactive: Math.round(n.domInteractive), loaded: Math.round(n.loadEventEnd)};");
        System.out.printf("CONSOLE first visit: %.1f KB over the wire (%.1f KB decoded), DOM interactive %s ms, loaded %s ms%n",
                ((Number) cost.get("bytes")).doubleValue() / 1024, ((Number) cost.get("decoded")).doubleValue() / 1024,
                cost.get("interactive"), cost.get("loaded"));
    }

    @Test
    @Order(2)
    void the_trace_view_shows_the_start_call_and_the_processors_work_from_the_real_segments() throws Exception {
        discover("veterinary clinic", "emergency pet care", "vaccinations");
        // the processor's own segment is recorded when its invocation returns, just after the job completes
        List<String> wanted = List.of("OrchestrateFunction", "create job", "DynamoDb PutItem", "OrchestrateProcessorFunction",
                "orchestrate job", "claim", "DynamoDb UpdateItem", "work", "score keywords", "complete");
        until(d -> {
            d.findElement(By.id("show-trace")).click();
            List<String> names = d.findElements(By.cssSelector("#trace tbody th")).stream().map(WebElement::getText).toList();
            return names.containsAll(wanted);
        });
        assertEquals(2, browser.findElements(By.cssSelector("#trace table")).size(), "the start call's trace and the processor's");
        screenshot("trace");
    }

    @Test
    @Order(3)
    void trends_from_an_uploaded_export_draw_one_series_per_keyword_with_insights_in_words() throws Exception {
        type("trends-industry", "healthcare");
        browser.findElement(By.id("trends-csv")).sendKeys(Path.of("src/test/resources/console/trends-export.csv").toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#trends-form button[type=submit]")).click();
        until(d -> d.findElement(By.id("job-status")).getText().equals("Trend analysis finished."));
        @SuppressWarnings("unchecked")
        List<String> series = (List<String>) script("return Chart.getChart('chart').data.datasets"
                + ".filter(d => !d.isBand && !d.label.endsWith(': forecast')).map(d => d.label)");
        assertEquals(List.of("AI diagnostics", "medical imaging", "teleradiology"), series);
        // the export leaves two weeks of teleradiology empty: drawn as a gap, never as zeros
        @SuppressWarnings("unchecked")
        List<Object> gap = (List<Object>) script("const c = Chart.getChart('chart');"
                + "const d = c.data.datasets.find(s => s.label === 'teleradiology');"
                + "return ['2023-10-01', '2023-10-08', '2023-10-15', '2023-10-22'].map(x => d.data[c.data.labels.indexOf(x)]);");
        assertTrue(gap.get(0) != null && gap.get(1) == null && gap.get(2) == null && gap.get(3) != null, gap.toString());
        assertEquals(Boolean.FALSE, script("return Chart.getChart('chart').data.datasets[0].spanGaps"));
        List<WebElement> insights = browser.findElements(By.cssSelector("#insights article"));
        assertEquals(3, insights.size());
        String first = insights.getFirst().getText();
        // two years of a smooth rise that wiggles like a season: worth a few independent points, so no verdict on direction
        assertTrue(first.contains("independent ones") && first.contains("points per period"), first);
        // the wave the insights name is shaded on the chart, in the keyword's colour, with its label
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> spans = (List<Map<String, Object>>) script("return Chart.getChart('chart').options.plugins.events.spans"
                + ".map(s => ({keyword: s.keyword, start: s.start, label: s.label}))");
        assertEquals(1, spans.size(), spans.toString());
        assertEquals("AI diagnostics", spans.getFirst().get("keyword"));
        assertTrue(first.contains("A wave from " + spans.getFirst().get("start") + ", still going on, peaking on"), first);
        assertTrue(String.valueOf(spans.getFirst().get("label")).startsWith("AI diagnostics: wave since"), spans.toString());
        screenshot("trends");
    }

    @Test
    @Order(3)
    void a_downloaded_timeline_keeps_terms_that_look_like_formulas_as_text() throws Exception {
        // the header names terms a spreadsheet would run (OWASP: CSV injection)
        type("trends-industry", "healthcare");
        type("trends-keywords", "");
        browser.findElement(By.id("trends-csv")).sendKeys(Path.of("src/test/resources/console/formula-terms-export.csv").toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#trends-form button[type=submit]")).click();
        until(d -> d.findElement(By.id("job-status")).getText().equals("Trend analysis finished."));
        script("window.downloaded = []; const make = URL.createObjectURL;"
                + "URL.createObjectURL = (blob) => { window.downloaded.push(blob); return make(blob); };");
        browser.findElement(By.id("timeline-csv")).click();
        String csv = String.valueOf(((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; window.downloaded[0].text().then(done);"));
        assertEquals("date,'=1+2,'@SUM(A1)", csv.lines().findFirst().orElseThrow(), csv);
        String firstRow = csv.lines().skip(1).findFirst().orElseThrow();
        assertTrue(firstRow.matches("2023-01-01,[0-9.]+,[0-9.]+"), "numbers stay numbers: " + firstRow);
    }

    @Test
    @Order(4)
    void a_keyword_without_data_says_why_in_its_insights() throws Exception {
        type("trends-industry", "healthcare");
        type("trends-keywords", "medical imaging\nzzqx gadget");
        browser.findElement(By.id("trends-csv")).sendKeys(Path.of("src/test/resources/console/trends-export.csv").toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#trends-form button[type=submit]")).click();
        until(d -> d.findElement(By.id("job-status")).getText().equals("Trend analysis finished."));
        List<WebElement> insights = browser.findElements(By.cssSelector("#insights article"));
        assertEquals(2, insights.size());
        String missing = insights.get(1).getText();
        assertTrue(missing.contains("zzqx gadget") && missing.contains("No data: not in the CSV and no live source."), missing);
        assertFalse(insights.getFirst().getText().contains("No data"), insights.getFirst().getText());
    }

    @Test
    @Order(5)
    void a_bad_input_gets_a_plain_message_that_names_the_field() throws Exception {
        type("industry", "");
        type("usp", "same-day dental implants");
        browser.findElement(By.cssSelector("#orchestrate-form button[type=submit]")).click();
        until(d -> d.findElement(By.id("error")).isDisplayed());
        String message = browser.findElement(By.id("error")).getText();
        assertTrue(message.contains("industry"), message);
        assertEquals("true", browser.findElement(By.id("industry")).getDomAttribute("aria-invalid"));
        screenshot("bad-input");
    }

    @Test
    @Order(6)
    void the_console_has_no_serious_or_critical_accessibility_violations() throws Exception {
        // with results on the page: the keyword table and the chart are what most needs to be accessible
        browser.findElement(By.cssSelector("#history-list button")).click();
        until(d -> d.findElement(By.id("job-status")).getText().endsWith("finished."));
        script(Files.readString(Path.of("../console/node_modules/axe-core/axe.min.js")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                        + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        + ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))));");
        assertEquals(List.of(), violations);
    }
}
