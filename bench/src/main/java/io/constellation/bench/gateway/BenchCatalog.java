package io.constellation.bench.gateway;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A migrated catalog for a benchmark: MariaDB (or any JDBC URL) when given one, else H2 in
 * a temporary directory that {@link #close()} deletes.
 */
public final class BenchCatalog implements AutoCloseable {

    private final Catalog catalog;
    private final Path tempDir;

    private BenchCatalog(Catalog catalog, Path tempDir) {
        this.catalog = catalog;
        this.tempDir = tempDir;
    }

    /**
     * @param jdbcUrl a JDBC URL carrying user and password (e.g.
     *                {@code jdbc:mariadb://127.0.0.1:3306/constellation_gwbench?user=root&password=}),
     *                or null for a fresh H2 catalog
     * @param poolSize connections the pool may hold
     */
    public static BenchCatalog open(String jdbcUrl, int poolSize) {
        try {
            Path dir = jdbcUrl == null ? Files.createTempDirectory("gwbench-catalog") : null;
            CatalogConfig config = jdbcUrl == null ? CatalogConfig.embedded(dir) : CatalogConfig.mariaDb(jdbcUrl, null, null);
            Catalog catalog = new Catalog(config.toBuilder().maxPoolSize(poolSize).build());
            catalog.migrate();
            return new BenchCatalog(catalog, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #open(String, int)} with the default pool size. */
    public static BenchCatalog open(String jdbcUrl) {
        return open(jdbcUrl, CatalogConfig.DEFAULT_MAX_POOL_SIZE);
    }

    public Catalog catalog() {
        return catalog;
    }

    /** "H2 (temporary)" or the JDBC URL without its parameters. */
    public String describe() {
        String url = catalog.config().jdbcUrl();
        return tempDir != null ? "H2 in " + tempDir : url.replaceAll("\\?.*", "");
    }

    @Override
    public void close() {
        catalog.close();
        if (tempDir != null) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
