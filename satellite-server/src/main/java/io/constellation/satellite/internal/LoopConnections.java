package io.constellation.satellite.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The connections of one event loop, for its sweep and for a drain. A plain array with
 * swap-removal (each connection keeps its slot), so registering costs no node object per
 * connection. Touched only on its event loop: no locks.
 */
final class LoopConnections {

    private ConnectionHandler[] items = new ConnectionHandler[64];
    private int size;

    void add(ConnectionHandler c) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size] = c;
        c.slot = size++;
    }

    void remove(ConnectionHandler c) {
        int slot = c.slot;
        if (slot < 0 || slot >= size || items[slot] != c) {
            return;
        }
        ConnectionHandler last = items[--size];
        items[slot] = last;
        last.slot = slot;
        items[size] = null;
        c.slot = -1;
    }

    int size() {
        return size;
    }

    /**
     * Calls {@code action} on every connection. Runs backwards, so an action that removes
     * its connection (a close) moves only an already visited one into the freed slot.
     */
    void forEach(Consumer<ConnectionHandler> action) {
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                action.accept(items[i]);
            }
        }
    }
}
