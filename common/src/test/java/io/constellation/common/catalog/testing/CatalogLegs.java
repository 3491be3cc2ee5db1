package io.constellation.common.catalog.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs a {@link CatalogTest} once per {@link CatalogBackend}, giving each invocation a fresh
 * {@link TestCatalog} that is dropped after it. State lives in JUnit's extension stores, not
 * in static fields.
 */
public final class CatalogLegs implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CatalogLegs.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(CatalogBackend.values()).map(Leg::new);
    }

    /** One invocation: opens the leg's catalog before the test, injects it, drops it after. */
    private static final class Leg implements TestTemplateInvocationContext, BeforeEachCallback,
            AfterEachCallback, ParameterResolver {

        private final CatalogBackend backend;

        Leg(CatalogBackend backend) {
            this.backend = backend;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + backend.name().toLowerCase(Locale.ROOT) + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            TestCatalog db = backend == CatalogBackend.H2 ? TestCatalog.h2() : TestCatalog.mariaDb(server(context).urlOrSkip());
            context.getStore(NS).put(TestCatalog.class, db);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            TestCatalog db = context.getStore(NS).remove(TestCatalog.class, TestCatalog.class);
            if (db != null) {
                db.close();
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == TestCatalog.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return extensionContext.getStore(NS).get(TestCatalog.class, TestCatalog.class);
        }

        private static MariaDbServer server(ExtensionContext context) {
            return context.getRoot().getStore(NS)
                    .getOrComputeIfAbsent(MariaDbServer.class, k -> MariaDbServer.discover(), MariaDbServer.class);
        }
    }
}
