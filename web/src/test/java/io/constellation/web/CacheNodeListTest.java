package io.constellation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.client.CacheNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheNodeListTest {

    @Test
    void nodesWithoutAnIdAreNamedAsTheCacheCommandNamesItself() {
        assertEquals(List.of(CacheNode.of("cache-7400", "10.0.0.1", 7400), CacheNode.of("b", "::1", 7401)),
                CacheNodeList.parse(List.of("10.0.0.1:7400", " b=[::1]:7401 ", "")));
    }

    @Test
    void entriesThatAreNotHostAndPortAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CacheNodeList.parse(List.of("nohost")))
                .getMessage().contains("'nohost'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CacheNodeList.parse(List.of("h:x")))
                .getMessage().contains("numeric port"));
        assertThrows(IllegalArgumentException.class, () -> CacheNodeList.parse(List.of("h:0")));
        assertThrows(IllegalArgumentException.class, () -> CacheNodeList.parse(List.of(" ")));
    }
}
