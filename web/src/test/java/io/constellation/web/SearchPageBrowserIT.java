package io.constellation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.testing.SearchCluster;
import io.constellation.web.internal.WebMetrics;
import io.constellation.web.testing.Chromium;
import io.constellation.web.testing.SearchSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search page in a real headless Chromium, in front of a real search network
 * ({@link SearchSite}): typing prefetches, Enter searches, results show with their
 * availability, paging goes forward and back, a title full of markup characters shows as
 * text, a refused query shows its message, and the status strip fills in. Screenshots go to
 * {@code target/screenshots/} as build artefacts. Skipped, saying so, only when chromium or
 * chromedriver is not installed, and then failing instead under
 * {@code -Dconstellation.test.browser.required=true}.
 */
class SearchPageBrowserIT {

    /** Set to true where the browser must run (CI): a missing browser then fails instead of skipping. */
    private static final String REQUIRED = "constellation.test.browser.required";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String ENTER = "\uE007";
    /** The table's rows as [availability, artist, title, album] texts. */
    private static final String ROWS = "return Array.from(document.querySelectorAll('#rows tr'))"
            + ".map(tr => Array.from(tr.cells).map(c => c.textContent))";

    @RegisterExtension
    final SearchCluster cluster = new SearchCluster();

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        String missing = Chromium.BROWSER + " or " + Chromium.DRIVER
                + " is not installed (Debian packages chromium and chromium-driver)";
        if (Boolean.getBoolean(REQUIRED)) {
            assertTrue(Chromium.installed(), missing + ", and -D" + REQUIRED + "=true says this run needs them");
        }
        Assumptions.assumeTrue(Chromium.installed(), "skipped: " + missing);
    }

    @Test
    void aUserTypesSearchesPagesThroughAndSeesMarkupInTitlesAsText() throws Exception {
        SearchSite site = SearchSite.start(cluster, dir, null);
        try (Chromium browser = new Chromium(dir.resolve("profile"), Path.of("target", "chromedriver.log"),
                1280, 1400)) {
            browser.open(site.web().url());
            String box = browser.find("#q");

            browser.type(box, "love song");
            SearchCluster.await(() -> prefetches(site.web()) >= 1, "typing prefetched the query");
            browser.type(box, ENTER);
            browser.await("return document.querySelectorAll('#rows tr').length === 20", "the first page");
            List<List<String>> first = rows(browser);
            assertEquals(List.of("was popular", "Artist 0", "Love Song 0", "Album 0"), first.get(0));
            assertEquals("neither", first.get(19).get(0));
            assertEquals("Results 1–20 of 41 for “love song”.", browser.text(browser.find("#summary")));
            assertEquals("Page 1 of 3", browser.text(browser.find("#page-info")));
            browser.await("return /^[0-9.,]+$/.test(document.getElementById('searches').textContent)",
                    "the status strip shows searches per second");
            assertEquals("unknown", browser.text(browser.find("#satellites")));
            browser.screenshot(SCREENSHOTS.resolve("search.png"));

            browser.click(browser.find("#next"));
            browser.await("return document.getElementById('page-info').textContent === 'Page 2 of 3'", "page 2");
            assertEquals("Love Song 20", rows(browser).get(0).get(2));
            browser.click(browser.find("#next"));
            browser.await("return document.getElementById('page-info').textContent === 'Page 3 of 3'", "page 3");
            List<List<String>> last = rows(browser);
            assertEquals(1, last.size());
            assertEquals(List.of("neither", SearchSite.MARKUP_ARTIST, SearchSite.MARKUP_TITLE, SearchSite.MARKUP_ALBUM),
                    last.get(0));
            assertEquals(SearchSite.MARKUP_TITLE, browser.text(browser.find("#rows td.title")), "rendered literally");
            assertEquals(0, browser.script("return document.querySelectorAll('#rows b, #rows i, #rows script').length")
                    .asInt(), "no markup from the catalog became elements");
            assertTrue(browser.script("return document.getElementById('next').disabled").asBoolean());
            browser.screenshot(SCREENSHOTS.resolve("markup-title.png"));

            browser.click(browser.find("#prev"));
            browser.await("return document.getElementById('page-info').textContent === 'Page 2 of 3'", "back to 2");
            browser.click(browser.find("#prev"));
            browser.await("return document.getElementById('page-info').textContent === 'Page 1 of 3'", "back to 1");
            assertEquals(first, rows(browser));
            assertTrue(browser.script("return document.getElementById('prev').disabled").asBoolean());

            browser.script("document.getElementById('q').value = ''; return null");
            browser.type(box, "!!!" + ENTER);
            browser.await("return !document.getElementById('message').hidden", "the refusal's message");
            assertFalse(browser.text(browser.find("#message")).isBlank());
            assertEquals(0, rows(browser).size(), "the previous query's results are not left under the refusal");
            browser.screenshot(SCREENSHOTS.resolve("refused.png"));
        }
        assertTrue(Files.size(SCREENSHOTS.resolve("search.png")) > 1000, "a real PNG");
    }

    private static double prefetches(WebServer web) {
        return web.registry().get(WebMetrics.REQUESTS).tag(WebMetrics.TAG_ENDPOINT, "prefetch")
                .tag(WebMetrics.TAG_OUTCOME, "ok").counter().count();
    }

    private static List<List<String>> rows(Chromium browser) throws Exception {
        List<List<String>> rows = new java.util.ArrayList<>();
        browser.script(ROWS).forEach(r -> rows.add(Chromium.strings(r)));
        return rows;
    }
}
