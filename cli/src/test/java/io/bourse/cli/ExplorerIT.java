package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The explorer in a real browser (Debian's chromium through chromedriver, headless) against a
 * devnet whose example contracts trade: chain → block → commitment → account → contract → market
 * book, each chart checked for drawn data in the canvas, a screenshot of each page under
 * {@code target/explorer-screenshots/}, and a transfer submitted through the CLI showing up on the
 * open page without a reload. Skipped when chromium or chromedriver is not installed (.ci/run
 * installs both). // covers: O6
 */
class ExplorerIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "explorer-screenshots");
    @TempDir
    static Path dir;
    static TestDevnet devnet;
    static String api;
    static WebDriver browser;

    @BeforeAll
    static void devnetAndBrowser() throws Exception {
        // a real browser is a Debian package: a machine without it skips; .ci/run installs chromium and
        // chromium-driver first, so in CI this test always runs (the API it reads is tested without a browser)
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        devnet = TestDevnet.start(dir.resolve("net"), Duration.ofSeconds(120), "--block-time", "0.5");
        api = devnet.apis().get(1);
        Files.createDirectories(SHOTS);
        ChromeOptions o = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1100",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), o);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (devnet != null) {
            devnet.stop();
        }
    }

    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        Await.until(what, limit, done);
    }

    /** Waits for an element, then returns it (the page renders after its API calls answer). */
    static WebElement find(String css) throws InterruptedException {
        await(css + " on " + browser.getCurrentUrl(), Duration.ofSeconds(30), () -> !browser.findElements(By.cssSelector(css)).isEmpty());
        return browser.findElement(By.cssSelector(css));
    }

    /** Clicks an element, again if a redraw replaced it between finding and clicking. */
    /**
     * Clicks the first element matching {@code css}, found and clicked in one script: pages redraw
     * on every block (0.5 s here), and a mouse click between finding a link and pressing it can land
     * on a node the redraw just replaced, and go nowhere.
     */
    static void click(String css) throws InterruptedException {
        await("a click on " + css + " at " + browser.getCurrentUrl(), Duration.ofSeconds(30), () -> (Boolean) js("""
                const e = document.querySelector(arguments[0]);
                if (!e) return false;
                e.click();
                return true;""", css));
    }

    /** The page's title heading, read in one script (the page may be redrawing). */
    static String h1() {
        return (String) js("const h = document.querySelector('h1'); return h ? h.textContent : '';");
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Pixels of a chart's canvas in the first series' colour (#0b5cad): drawn data, not just axes. */
    static long seriesPixels(String chartId) {
        Object n = js("""
                const c = document.querySelector('#' + arguments[0] + ' canvas');
                if (!c) return -1;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (Math.abs(d[i] - 11) < 40 && Math.abs(d[i + 1] - 92) < 40 && Math.abs(d[i + 2] - 173) < 40 && d[i + 3] > 0) n++;
                }
                return n;""", chartId);
        return ((Number) n).longValue();
    }

    static void chartDrawn(String chartId) throws Exception {
        WebElement box = find("#" + chartId + " canvas");
        try {
            await(chartId + " drawn with data", Duration.ofSeconds(30), () -> seriesPixels(chartId) > 20);
        } catch (AssertionError e) {
            screenshotOnly("failed-" + chartId);
            throw e;
        }
        assertThat(Integer.parseInt(browser.findElement(By.id(chartId)).getAttribute("data-points"))).as(chartId)
                .isPositive();
        assertThat(box.isDisplayed()).isTrue();
    }

    /** Saves a screenshot, after checking the page reported no script error. */
    static void shot(String name) throws Exception {
        screenshotOnly(name);
        if (!name.contains("api-docs")) {
            assertThat((List<?>) js("return window.explorerErrors;")).as("script errors on " + name).isEmpty();
        }
    }

    static void screenshotOnly(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** A contract of the devnet whose shares traded and whose book has orders resting. */
    static String tradedContractWithABook() throws InterruptedException {
        List<String> found = new ArrayList<>();
        await("a contract with trades and a resting order", Duration.ofSeconds(120), () -> {
            for (JsonNode c : DevnetIT.get(api + "/v1/contracts").path("contracts")) {
                String a = c.path("address").asText();
                JsonNode m = DevnetIT.get(api + "/v1/markets/" + a + "-coin");
                if (m.path("trades").asLong() > 1 && (!m.path("bestBid").isNull() || !m.path("bestAsk").isNull())) {
                    found.add(a);
                    return true;
                }
            }
            return false;
        });
        return found.getFirst();
    }

    @Test
    void navigatesFromTheChainToAMarketBookWithEveryChartDrawnAndShowsATransferLive() throws Exception {
        String contract = tradedContractWithABook();
        // chain: height, interval chart, latest blocks from the stream
        browser.get(api + "/");
        chartDrawn("interval-chart");
        // the list is redrawn on every block: read it in one script, then click by the link's target
        String[] height = new String[1];
        await("a block with commitments in the latest blocks", Duration.ofSeconds(60), () -> (height[0] = (String) js("""
                const r = [...document.querySelectorAll('#blocks tbody tr')]
                    .find(r => r.cells.length > 4 && r.cells[4].textContent !== '0');
                return r ? r.cells[0].textContent : null;""")) != null);
        shot("1-chain");
        click("#blocks a[href='#/block/" + height[0] + "']");
        // block: its commitments and their receipts
        await("the block page", Duration.ofSeconds(30), () -> h1().equals("Block " + height[0]));
        await("an outcome", Duration.ofSeconds(30), () -> (Boolean) js("""
                return [...document.querySelectorAll('#commitments [data-outcome]')]
                    .some(e => e.textContent.startsWith('applied') || e.textContent.startsWith('rejected'));"""));
        assertThat((Long) js("return document.querySelectorAll('.kv a[href^=\"#/account/\"]').length;"))
                .as("the generator and every signer of the block, as links").isGreaterThanOrEqualTo(3);
        shot("2-block");
        click("#commitments tbody td a");
        // commitment
        await("the commitment page", Duration.ofSeconds(30), () -> h1().equals("Commitment"));
        assertThat(find("#payload").getText()).isNotBlank();
        shot("3-commitment");
        click(".kv a[href^='#/account/']");
        // account
        await("the account page", Duration.ofSeconds(30), () -> h1().equals("Account"));
        find("#balances");
        shot("4-account");
        // contract (through the contracts list, sortable)
        click("nav a[href='#/contracts']");
        click("#contracts button[aria-label='Sort by Value per share']");
        click("#contracts a[href='#/contract/" + contract + "']");
        chartDrawn("vps-chart");
        chartDrawn("price-chart");
        String code = DevnetIT.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/v1/contracts/"
                + contract + "/code")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(find("#code").getText().strip()).as("the code exactly as the API serves it").isEqualTo(code.strip());
        assertThat(find("#holders tbody").getText()).isNotBlank();
        shot("5-contract");
        click("a[href='#/market/" + contract + "-coin']");
        // market book
        chartDrawn("depth-chart");
        chartDrawn("candle-chart");
        shot("6-market");

        // a transfer through the CLI appears on the open account page, without a reload
        KeyPair receiver = KeyPair.generate();
        browser.findElement(By.id("q")).sendKeys(receiver.address().text());
        browser.findElement(By.cssSelector("#search button")).click();
        await("the receiver's page", Duration.ofSeconds(30), () -> h1().equals("Account"));
        js("window.__notReloaded = true;");
        Path investor = dir.resolve("net").resolve("clients").resolve("investor-1.key");
        String out = DevnetIT.cli("transfer", "--node", api, "--json", "--key", investor.toString(),
                "--to", receiver.address().text(), "--amount", "12.5");
        assertThat(DevnetIT.JSON.readTree(out).get("id").asText()).hasSize(64);
        await("12.5 Coin on the open page", Duration.ofSeconds(60), () -> (Boolean) js(
                "return [...document.querySelectorAll('#balances td')].some(td => td.textContent === '12.5');"));
        assertThat(js("return window.__notReloaded === true;")).isEqualTo(true);
        shot("7-transfer-live");

        // Swagger UI on the project's api.yaml
        browser.get(api + "/api-docs");
        await("Swagger UI lists the routes", Duration.ofSeconds(60), () -> browser.findElements(By.cssSelector(".opblock")).size() > 20);
        assertThat(browser.getPageSource()).contains("/v1/contracts/{address}/performance");
        shot("8-api-docs");

        // on a phone: the page fits the screen's width (wide tables scroll inside their box) and
        // every control has an accessible name
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(api + "/#/contracts");
        find("#contracts");
        assertThat(((Number) js("return document.documentElement.scrollWidth - window.innerWidth;")).longValue())
                .as("horizontal overflow on a 390 px wide screen").isLessThanOrEqualTo(0);
        assertThat((List<?>) js("""
                return [...document.querySelectorAll('button, input, a, select')].filter(e => {
                  const label = e.id && document.querySelector('label[for="' + e.id + '"]');
                  return !(e.getAttribute('aria-label') || (label && label.textContent.trim()) || e.textContent.trim());
                }).map(e => e.outerHTML);""")).as("controls without an accessible name").isEmpty();
        shot("9-phone-contracts");
    }
}
