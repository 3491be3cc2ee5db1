package io.constellation.web.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.constellation.cache.CacheServer;
import io.constellation.cache.testing.LoveSongs;
import io.constellation.cache.testing.SearchCluster;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.web.StatusSource;
import io.constellation.web.WebServer;
import io.constellation.web.WebServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A web front end over a real search network for the web ITs: the {@link LoveSongs} catalog
 * on H2 plus one track whose artist and title hold markup characters, {@link SearchCluster}'s
 * index shards and gateway, two cache nodes, and a started {@link WebServer} on free ports.
 * "love song" then has {@value #TOTAL} results; at {@value #PAGE_SIZE} a page, the markup
 * track (no availability, the highest id) is the only result of page 2.
 */
public final class SearchSite {

    /** What "love song" finds. */
    public static final int TOTAL = LoveSongs.TRACKS + 1;
    public static final int PAGE_SIZE = 20;
    /** The markup track's artist and title: quotes, ampersands and angle brackets, as catalogs hold them. */
    public static final String MARKUP_ARTIST = "Tom & Jerry's <i>Band</i>";
    public static final String MARKUP_TITLE = "Love Song <b>\"Loud\" & Clear</b> <script>alert(1)</script>";
    public static final String MARKUP_ALBUM = "<Live> & \"Unplugged\"";

    private final SearchCluster cluster;
    private final CacheServer[] nodes;
    private final WebServer web;

    private SearchSite(SearchCluster cluster, CacheServer[] nodes, WebServer web) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.web = web;
    }

    /** Starts it all in {@code cluster} (closed after the test), with {@code status} for the strip (null: the server's own). */
    public static SearchSite start(SearchCluster cluster, Path dir, StatusSource status) throws InterruptedException {
        TestCatalog db = cluster.h2();
        LoveSongs.load(db);
        assertEquals(1, new TrackStore(db.catalog()).insertTracks(
                List.of(new Track(0, MARKUP_ARTIST, MARKUP_TITLE, MARKUP_ALBUM))));
        cluster.start(db, dir);
        CacheServer a = cluster.node("cache-a", dir.resolve("cache-a"));
        CacheServer b = cluster.node("cache-b", dir.resolve("cache-b"));
        // Generous deadline: a first miss on a loaded 2-core machine computes from both shards.
        WebServerConfig config = WebServerConfig.builder(List.of(SearchCluster.member(a), SearchCluster.member(b)))
                .pageSize(PAGE_SIZE).searchDeadline(Duration.ofSeconds(20)).build();
        WebServer web = cluster.closeAfter(new WebServer(config, status).start());
        return new SearchSite(cluster, new CacheServer[] {a, b}, web);
    }

    public WebServer web() {
        return web;
    }

    public CacheServer node(int i) {
        return nodes[i];
    }

    public SearchCluster cluster() {
        return cluster;
    }
}
