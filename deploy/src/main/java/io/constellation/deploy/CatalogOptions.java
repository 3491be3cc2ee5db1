package io.constellation.deploy;

import io.constellation.common.catalog.CatalogConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the catalog is: options shared by every subcommand that opens it. */
final class CatalogOptions {

    @Option(names = "--catalog-url", defaultValue = "${env:CONSTELLATION_CATALOG_URL}",
            description = "JDBC URL of the MariaDB/MySQL catalog, e.g. jdbc:mariadb://127.0.0.1:3306/constellation "
                    + "(env CONSTELLATION_CATALOG_URL). Default: the embedded H2 catalog in --data-dir.")
    String url;

    @Option(names = "--catalog-user", defaultValue = "${env:CONSTELLATION_CATALOG_USER}",
            description = "Catalog user (env CONSTELLATION_CATALOG_USER).")
    String user;

    @Option(names = "--catalog-password", defaultValue = "${env:CONSTELLATION_CATALOG_PASSWORD}",
            description = "Catalog password (env CONSTELLATION_CATALOG_PASSWORD).")
    String password;

    @Option(names = "--data-dir", defaultValue = "${env:CONSTELLATION_DATA_DIR:-data}",
            description = "Directory for local data: the embedded catalog, index files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    CatalogConfig config() {
        if (url == null || url.isBlank()) {
            return CatalogConfig.embedded(dataDir);
        }
        return CatalogConfig.mariaDb(url, user, password);
    }
}
