package io.constellation.satellite.login.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private static final long T0 = 1_000_000L;

    @Test
    void burstOfFailuresIsAllowedThenOneMorePerInterval() {
        FailureThrottle t = new FailureThrottle(1024, 3, 1000, 1);
        long ann = t.keyOf("ann");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, t.retryAfterMillis(ann, T0), "failure " + i + " is within the burst");
            t.recordFailure(ann, T0);
        }
        assertEquals(1000, t.retryAfterMillis(ann, T0));
        assertEquals(400, t.retryAfterMillis(ann, T0 + 600));
        assertEquals(0, t.retryAfterMillis(ann, T0 + 1000), "one interval later one more try is forgiven");
        t.recordFailure(ann, T0 + 1000);
        assertEquals(1000, t.retryAfterMillis(ann, T0 + 1000));
        assertEquals(0, t.retryAfterMillis(ann, T0 + 100_000), "old failures expire by themselves");
    }

    @Test
    void otherKeysAreNotThrottledByOnesFailures() {
        FailureThrottle t = new FailureThrottle(1024, 2, 1000, 2);
        for (int i = 0; i < 10; i++) {
            t.recordFailure(t.keyOf("mallory"), T0);
        }
        assertTrue(t.retryAfterMillis(t.keyOf("mallory"), T0) > 0);
        assertEquals(0, t.retryAfterMillis(t.keyOf("ann"), T0));
    }

    @Test
    void penaltyIsCappedWhateverTheNumberOfConcurrentFailures() {
        FailureThrottle t = new FailureThrottle(64, 5, 1000, 3);
        long k = t.keyOf("x");
        for (int i = 0; i < 10_000; i++) {
            t.recordFailure(k, T0);
        }
        assertEquals(6_000, t.retryAfterMillis(k, T0), "at most one burst beyond the limit: 2*5 - 4 intervals");
    }

    @Test
    void floodOfRandomNamesLeavesMostOtherNamesUnthrottled() {
        // 100,000 distinct names failing once each in one second over 2 x 65,536 buckets
        // (the default size) with a burst of 10: legitimate names must almost never collide
        // into a throttled bucket in both rows.
        FailureThrottle t = new FailureThrottle(1 << 16, 10, 6000, 4);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            t.recordFailure(t.keyOf("flood-" + r.nextLong()), T0);
        }
        int throttled = 0;
        for (int i = 0; i < 10_000; i++) {
            if (t.retryAfterMillis(t.keyOf("user" + i), T0) > 0) {
                throttled++;
            }
        }
        assertEquals(0, throttled);
    }

    @Test
    void memoryIsFixedByConstructionWhateverArrives() {
        FailureThrottle t = new FailureThrottle(16, 1, 1000, 6);
        for (int i = 0; i < 1_000; i++) {
            t.recordFailure(t.keyOf("n" + i), T0);
        }
        // 16 buckets per row are all full now: every name is throttled, nothing grew.
        assertTrue(t.retryAfterMillis(t.keyOf("anyone"), T0) > 0);
        assertEquals(0, t.retryAfterMillis(t.keyOf("anyone"), T0 + 10 * 1000 * 1000));
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareABucketAndIpv4AddressesDoNot() throws Exception {
        FailureThrottle t = new FailureThrottle(1024, 1, 1000, 7);
        assertEquals(t.keyOf(InetAddress.getByName("2001:db8:1:2::1")), t.keyOf(InetAddress.getByName("2001:db8:1:2:ffff::9")));
        assertNotEquals(t.keyOf(InetAddress.getByName("2001:db8:1:2::1")), t.keyOf(InetAddress.getByName("2001:db8:1:3::1")));
        assertNotEquals(t.keyOf(InetAddress.getByName("10.0.0.1")), t.keyOf(InetAddress.getByName("10.0.0.2")));
    }

    @Test
    void seedChangesWhereKeysLand() {
        assertNotEquals(new FailureThrottle(2, 1, 1, 1).keyOf("ann"), new FailureThrottle(2, 1, 1, 2).keyOf("ann"));
    }

    @Test
    void invalidSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FailureThrottle(1000, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FailureThrottle(1024, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FailureThrottle(1024, 1, 0, 0));
    }
}
