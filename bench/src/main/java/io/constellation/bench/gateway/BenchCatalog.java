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
 * a temporary directory that {@link #close()} deletes, or H2 in a directory kept for the
 * next run ({@link #openH2}).
 */
public final class BenchCatalog implements AutoCloseable {

    private final Catalog catalog;
    /** The H2 directory deleted on close, or null. */
    private final Path tempDir;
    /** An H2 directory kept on close, or null. */
    private final Path keptDir;

    private BenchCatalog(Catalog catalog, Path tempDir, Path keptDir) {
        this.catalog = catalog;
        this.tempDir = tempDir;
        this.keptDir = keptDir;
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
            return new BenchCatalog(migrated(config, poolSize), dir, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An H2 catalog in {@code dir}, kept on close: a large generated catalog is loaded once
     * and reused by later runs.
     */
    public static BenchCatalog openH2(Path dir, int poolSize) {
        return new BenchCatalog(migrated(CatalogConfig.embedded(dir), poolSize), null, dir);
    }

    private static Catalog migrated(CatalogConfig config, int poolSize) {
        Catalog catalog = new Catalog(config.toBuilder().maxPoolSize(poolSize).build());
        catalog.migrate();
        return catalog;
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
        if (tempDir != null || keptDir != null) {
            return "H2 in " + (tempDir != null ? tempDir : keptDir);
        }
        return url.replaceAll("\\?.*", "");
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
