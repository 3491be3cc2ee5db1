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
 */
final class ServiceRunner {

    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Records a started service; it is closed before the ones registered earlier. */
    <T extends AutoCloseable> T started(T service) {
        started.add(service);
        return service;
    }

    /** Blocks the calling thread until a shutdown signal has closed everything. */
    void awaitShutdown() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "shutdown"));
        stopped.await();
    }

    /** Closes everything now, newest first; safe to call once from any thread. */
    void closeAll() {
        log.info("stopping {} service(s)", started.size());
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", started.get(i), e.toString());
            }
        }
        log.info("stopped");
        stopped.countDown();
    }
}
