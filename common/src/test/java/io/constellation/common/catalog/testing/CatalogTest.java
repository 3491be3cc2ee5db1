package io.constellation.common.catalog.testing;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that runs once per {@link CatalogBackend}, each time on a fresh, migrated, empty
 * catalog that it receives as a {@link TestCatalog} parameter:
 *
 * <pre>{@code
 * @CatalogTest
 * void sameTrackTwiceIsStoredOnce(TestCatalog db) { ... db.catalog() ... }
 * }</pre>
 *
 * The MariaDB leg uses the server named by system property
 * {@value MariaDbServer#URL_PROPERTY} (and fails if it cannot connect), else a Testcontainers
 * MariaDB when Docker is available, else it is reported as skipped.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(CatalogLegs.class)
public @interface CatalogTest {
}
