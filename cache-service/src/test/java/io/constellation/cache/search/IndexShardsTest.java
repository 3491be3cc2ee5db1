package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexShardsTest {

    @Test
    void theLaunchersFormSeparatesShardsBySemicolonsAndReplicasByCommas() {
        IndexShards shards = IndexShards.parse("10.0.0.1:7400, 10.0.0.2:7400;10.0.0.3:7400");
        assertEquals(2, shards.count());
        assertEquals(List.of("10.0.0.1:7400", "10.0.0.2:7400"), shards.replicas(0));
        assertEquals(List.of("10.0.0.3:7400"), shards.replicas(1));
        assertEquals(List.of("10.0.0.1:7400", "10.0.0.2:7400", "10.0.0.3:7400"), shards.allAddresses());
    }

    @Test
    void aShardWithoutReplicasOrAnAddressWithoutPortIsRefusedNamingTheShard() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> IndexShards.parse("a:1;;b:2"));
        assertTrue(empty.getMessage().contains("shard 1"), empty.getMessage());
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> IndexShards.parse("a:1;b"));
        assertTrue(noPort.getMessage().contains("shard 1") && noPort.getMessage().contains("'b'"), noPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IndexShards(List.of()));
    }
}
