package io.constellation.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a subcommand's services running until the process is told to stop (SIGTERM,
 * SIGINT/Ctrl-C), then closes them in reverse order of start, each with its own graceful
 * shutdown.
 *
 * <p>Thread: the subcommand's thread registers services; the shutdown hook closes them. A
 * service registered once closing has begun is closed at once.
 */
final class ServiceRunner {

    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    /** Guarded by this object's monitor. */
    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Guarded by this object's monitor. */
    private boolean hooked;
    /** Guarded by this object's monitor. */
    private boolean closing;

    /** Records a started service; it is closed before the ones registered earlier. */
    <T extends AutoCloseable> T started(T service) {
        synchronized (this) {
            if (!closing) {
                started.add(service);
                return service;
            }
        }
        close(service);
        return service;
    }

    /**
     * From now on a shutdown signal closes the services, also while they are still being
     * started (a service's own close then decides how quickly its start gives up).
     */
    synchronized void closeOnShutdown() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "shutdown"));
        }
    }

    /** Blocks the calling thread until a shutdown signal has closed everything. */
    void awaitShutdown() throws InterruptedException {
        closeOnShutdown();
        stopped.await();
    }

    /** Closes everything now, newest first; safe to call once from any thread. */
    void closeAll() {
        List<AutoCloseable> services;
        synchronized (this) {
            closing = true;
            services = new ArrayList<>(started);
        }
        log.info("stopping {} service(s)", services.size());
        for (int i = services.size() - 1; i >= 0; i--) {
            close(services.get(i));
        }
        log.info("stopped");
        stopped.countDown();
    }

    private static void close(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            log.warn("error while stopping {}: {}", service, e.toString());
        }
    }
}
