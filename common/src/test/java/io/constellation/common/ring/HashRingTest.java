package io.constellation.common.ring;

import io.constellation.common.hash.Hash64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashRingTest {

    private static final int KEYS = 100_000;
    /** Key hashes as queries produce them: Hash64 of distinct strings. */
    private static final long[] KEY_HASHES = keyHashes(KEYS);

    @Test
    void addingOneOfNNodesMovesAboutOneNthOfTheKeysAllToTheNewNode() {
        HashRing before = HashRing.of(nodes(10));
        List<RingMember> grown = new ArrayList<>(nodes(10));
        grown.add(RingMember.of("cache-10"));
        HashRing after = HashRing.of(grown);

        int moved = 0;
        for (long key : KEY_HASHES) {
            String was = before.owners(key).primary().id();
            String is = after.owners(key).primary().id();
            if (!was.equals(is)) {
                moved++;
                assertEquals("cache-10", is, "a key may only move to the new node");
            }
        }
        assertFractionNear(1.0 / 11, moved / (double) KEYS, 0.25);
    }

    @Test
    void removingOneOfNNodesMovesOnlyItsKeysAboutOneNth() {
        HashRing before = HashRing.of(nodes(10));
        List<RingMember> shrunk = new ArrayList<>(nodes(10));
        shrunk.removeIf(m -> m.id().equals("cache-3"));
        HashRing after = HashRing.of(shrunk);

        int moved = 0;
        for (long key : KEY_HASHES) {
            Owners was = before.owners(key);
            String is = after.owners(key).primary().id();
            if (!was.primary().id().equals(is)) {
                moved++;
                assertEquals("cache-3", was.primary().id(), "only the removed node's keys may move");
                assertEquals(was.secondary().id(), is, "a removed node's key goes to its secondary");
            }
        }
        assertFractionNear(1.0 / 10, moved / (double) KEYS, 0.25);
    }

    @Test
    void equalNodesGetEqualSharesWithinTolerance() {
        HashRing ring = HashRing.of(nodes(8));
        int[] counts = countPrimaries(ring);
        for (int c : counts) {
            assertFractionNear(1.0 / 8, c / (double) KEYS, 0.25);
        }
    }

    @Test
    void sharesAreProportionalToWeight() {
        HashRing ring = HashRing.of(List.of(new RingMember("a", 100), new RingMember("b", 200),
                new RingMember("c", 300)));
        int[] counts = countPrimaries(ring);
        assertFractionNear(1.0 / 6, counts[0] / (double) KEYS, 0.2);
        assertFractionNear(2.0 / 6, counts[1] / (double) KEYS, 0.2);
        assertFractionNear(3.0 / 6, counts[2] / (double) KEYS, 0.2);
        assertEquals(200, ring.pointCount("a"));
        assertEquals(600, ring.pointCount("c"));
        assertFractionNear(1.0 / 6, ring.share("a"), 0.2);
        assertEquals(1.0, ring.share("a") + ring.share("b") + ring.share("c"), 1e-9);
    }

    @Test
    void rampingANodeUpOnlyMovesKeysToIt() {
        List<RingMember> base = nodes(5);
        HashRing previous = null;
        int previousOwned = -1;
        for (int weight = 0; weight <= 100; weight += 20) {
            List<RingMember> members = new ArrayList<>(base);
            members.add(new RingMember("new", weight));
            HashRing ring = HashRing.of(members);
            int owned = 0;
            for (long key : KEY_HASHES) {
                String is = ring.owners(key).primary().id();
                owned += is.equals("new") ? 1 : 0;
                if (previous != null) {
                    String was = previous.owners(key).primary().id();
                    assertTrue(was.equals(is) || is.equals("new"), "ramping moved a key from " + was + " to " + is);
                }
            }
            assertTrue(owned >= previousOwned, "the new node's share must grow with its weight");
            previous = ring;
            previousOwned = owned;
        }
        assertFractionNear(1.0 / 6, previousOwned / (double) KEYS, 0.25);
    }

    @Test
    void weightZeroOwnsNothing() {
        HashRing ring = HashRing.of(List.of(RingMember.of("a"), new RingMember("idle", 0)));
        for (int i = 0; i < 1000; i++) {
            Owners owners = ring.owners(KEY_HASHES[i]);
            assertEquals("a", owners.primary().id());
            assertNull(owners.secondary());
        }
        assertEquals(0.0, ring.share("idle"));
    }

    @Test
    void secondaryIsAlwaysAnotherNode() {
        HashRing ring = HashRing.of(nodes(3));
        for (long key : KEY_HASHES) {
            Owners owners = ring.owners(key);
            assertNotNull(owners.secondary());
            assertNotEquals(owners.primary().id(), owners.secondary().id());
        }
    }

    @Test
    void aDownNodesKeysGoToTheirSecondaryAndNoOtherKeyMoves() {
        HashRing up = HashRing.of(nodes(4));
        HashRing oneDown = up.withDown("cache-1");
        assertTrue(oneDown.isDown("cache-1"));
        assertTrue(!up.isDown("cache-1"), "the original ring is unchanged");
        for (long key : KEY_HASHES) {
            Owners before = up.owners(key);
            Owners after = oneDown.owners(key);
            if (before.primary().id().equals("cache-1")) {
                assertEquals(before.secondary(), after.primary());
            } else {
                assertEquals(before.primary(), after.primary());
            }
            assertNotEquals("cache-1", after.secondary().id());
        }
        assertEquals(0.0, oneDown.share("cache-1"));
        HashRing again = oneDown.withUp("cache-1");
        for (int i = 0; i < 1000; i++) {
            assertEquals(up.owners(KEY_HASHES[i]), again.owners(KEY_HASHES[i]));
        }
    }

    @Test
    void withTheOnlyOtherNodeDownThereIsNoSecondaryAndWithAllDownNoOwner() {
        HashRing ring = HashRing.of(nodes(2)).withDown("cache-0");
        Owners owners = ring.owners(42);
        assertEquals("cache-1", owners.primary().id());
        assertNull(owners.secondary());
        assertTrue(ring.withDown("cache-1").owners(42).isEmpty());
    }

    @Test
    void markingTheSameStateTwiceReturnsTheSameRing() {
        HashRing ring = HashRing.of(nodes(2));
        assertSame(ring, ring.withUp("cache-0"));
        HashRing down = ring.withDown("cache-0");
        assertSame(down, down.withDown("cache-0"));
    }

    @Test
    void memberOrderDoesNotChangeTheAnswer() {
        List<RingMember> members = new ArrayList<>(nodes(7));
        HashRing a = HashRing.of(members);
        Collections.shuffle(members, new Random(7));
        HashRing b = HashRing.of(members);
        for (long key : KEY_HASHES) {
            assertEquals(a.owners(key), b.owners(key));
        }
    }

    @Test
    void pointsAreAtFixedPositionsInEveryProcess() {
        // Point j of a node is Hash64(id + "#" + j): a change here reroutes every query.
        assertEquals(Hash64.of("cache-0#0"), HashRing.pointHash("cache-0", 0));
        HashRing ring = HashRing.of(List.of(new RingMember("only", 1)), 1);
        long point = Hash64.of("only#0");
        assertEquals("only", ring.owners(point).primary().id());
        assertEquals(1.0, ring.share("only"));
    }

    @Test
    void keyBetweenTwoPointsBelongsToTheNextPointClockwiseWrappingAtTheTop() {
        HashRing ring = HashRing.of(List.of(new RingMember("a", 1), new RingMember("b", 1)), 1);
        long a = Hash64.of("a#0");
        long b = Hash64.of("b#0");
        long low = Long.compareUnsigned(a, b) < 0 ? a : b;
        long high = low == a ? b : a;
        String lowId = low == a ? "a" : "b";
        String highId = low == a ? "b" : "a";
        assertEquals(lowId, ring.owners(low).primary().id(), "a key on a point belongs to it");
        assertEquals(highId, ring.owners(low + 1).primary().id());
        assertEquals(lowId, ring.owners(high + 1).primary().id(), "past the last point wraps to the first");
        assertEquals(lowId, ring.owners(-1L).primary().id());
        assertEquals(lowId, ring.owners(0L).primary().id());
    }

    @Test
    void rejectsInvalidMemberships() {
        assertThrows(IllegalArgumentException.class, () -> HashRing.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> HashRing.of(List.of(RingMember.of("a"), RingMember.of("a"))));
        assertThrows(IllegalArgumentException.class, () -> HashRing.of(nodes(2), 0));
        assertThrows(IllegalArgumentException.class, () -> new RingMember(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> new RingMember("a", -1));
        assertThrows(IllegalArgumentException.class, () -> new RingMember("a", HashRing.MAX_WEIGHT + 1));
        assertThrows(IllegalArgumentException.class, () -> HashRing.of(nodes(2)).withDown("nobody"));
        List<RingMember> huge = List.of(new RingMember("a", HashRing.MAX_WEIGHT), new RingMember("b", HashRing.MAX_WEIGHT));
        assertThrows(IllegalArgumentException.class, () -> HashRing.of(huge, HashRing.MAX_POINTS / HashRing.MAX_WEIGHT));
    }

    private static int[] countPrimaries(HashRing ring) {
        List<RingMember> members = ring.members();
        int[] counts = new int[members.size()];
        for (long key : KEY_HASHES) {
            counts[members.indexOf(ring.owners(key).primary())]++;
        }
        return counts;
    }

    private static void assertFractionNear(double expected, double actual, double relativeTolerance) {
        assertTrue(Math.abs(actual - expected) <= expected * relativeTolerance,
                "expected about " + expected + " (±" + (int) (relativeTolerance * 100) + "%), got " + actual);
    }

    private static List<RingMember> nodes(int n) {
        List<RingMember> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RingMember.of("cache-" + i));
        }
        return out;
    }

    private static long[] keyHashes(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Hash64.of("query " + i);
        }
        return out;
    }
}
