package io.constellation.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShardLayoutTest {

    @Test
    void ordinalAndTrackIdAreInverse() {
        ShardLayout layout = new ShardLayout(3, 8);
        for (long id = 3; id < 10_000; id += 8) {
            assertEquals(id, layout.trackId(layout.ord(id)));
        }
        assertEquals(0, layout.ord(3));
        assertEquals(1, layout.ord(11));
    }

    @Test
    void trackOfAnotherShardHasNoOrdinal() {
        ShardLayout layout = new ShardLayout(3, 8);
        assertFalse(layout.owns(4));
        assertThrows(IllegalArgumentException.class, () -> layout.ord(4));
    }

    @Test
    void invalidLayoutsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ShardLayout(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new ShardLayout(0, 0));
    }
}
