package io.constellation.deploy.demo;

import io.constellation.deploy.loadgen.LoadGenerator;
import io.constellation.deploy.loadgen.LoadgenConfig;
import io.constellation.deploy.loadgen.ShareLists;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's satellites: the load generator run on a thread of its own, with a duration it
 * never reaches, until {@link #close()} interrupts it and closes every client. Its progress
 * lines are dropped: the demo shows the satellite servers' own counts instead.
 */
final class SimulatedSatellites implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedSatellites.class);

    /** Longer than any demo runs: the generator stops when closed, not by itself. */
    private static final Duration FOREVER = Duration.ofDays(365L * 100);
    private static final Duration JOIN_WAIT = Duration.ofSeconds(10);

    private final LoadGenerator generator;
    private final Thread driver;

    /** Builds the clients' event loops and share lists; nothing connects before {@link #start()}. */
    SimulatedSatellites(LoadgenConfig.Builder config, ShareLists lists) {
        this.generator = new LoadGenerator(config.duration(FOREVER).build(), lists,
                new PrintWriter(Writer.nullWriter()));
        this.driver = new Thread(this::run, "demo-satellites");
        driver.setDaemon(true);
    }

    /** Starts logging the satellites in, at the configured ramp rate; returns at once. */
    SimulatedSatellites start() {
        driver.start();
        return this;
    }

    /** Satellites online now, as the load generator counts them. */
    int online() {
        return generator.online();
    }

    private void run() {
        try {
            generator.run();
        } catch (InterruptedException e) {
            log.debug("simulated satellites stopping");
        } catch (RuntimeException e) {
            log.error("simulated satellites failed", e);
        }
    }

    /** Stops the driver, then logs every satellite out and stops the event loops. */
    @Override
    public void close() {
        driver.interrupt();
        try {
            driver.join(JOIN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        generator.close();
    }
}
