package io.constellation.satellite.share.internal;

import io.constellation.satellite.wire.FileBatch;
import io.constellation.satellite.wire.Utf8Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The resolver's cache of spellings (artist, title, album exactly as sent) to track ids,
 * in flat primitive arrays: a look-up hashes the three strings once and then touches one
 * or two array slots, instead of walking a map node, a key object and three strings
 * (about eight dependent cache misses a file with a large cache: 37% of the server's CPU
 * in a login storm). No boxing and no allocation on a look-up.
 *
 * <p><b>Key.</b> A spelling is known by two independent hashes of its UTF-8 bytes as they
 * arrive over the wire, eight bytes a step (with each field's length mixed in, so "ab"+"c"
 * and "a"+"bc" differ): 64 bits that choose the slot and 32 more checked on a hit, 96 in
 * all. A wrong hit needs both to match another cached spelling: with n spellings cached
 * each look-up has odds n / 2^96 of one; at
 * n = 300,000 and 5,000 logins/s of 300 files for ten years (4.7e14 look-ups) that is
 * 1.8e-9 over the ten years. The hashes are not cryptographic, but both are keyed with a
 * random seed per cache, so a satellite cannot compute offline a spelling that would take
 * another spelling's entry (and so its track id) in this server's cache.
 *
 * <p><b>Threads.</b> Any number of readers ({@link #getAll}, on the event loops), one writer
 * ({@link #put}, the resolver's worker thread). Lock-free: a published table never loses
 * a slot and never moves one (entries are dropped a whole table at a time, see below), so
 * a slot goes from empty to a key once and then keeps it. The writer stores the check and
 * id of a new slot (one long, beside the key) and then publishes its key with release
 * semantics; a reader loads the key with acquire semantics, so a reader that sees the key
 * sees its id and check, and one that sees an empty slot misses (and goes the slow way,
 * through the worker). No StampedLock: there is nothing to retry because nothing is ever
 * moved or removed in place. The generations are swapped through one volatile field.
 *
 * <p><b>Growth.</b> A generation's table starts small and doubles when half full, so the
 * arrays are as large as what they hold (50,000 spellings: 2 MiB, which stays in the
 * processor's caches; a table sized for the bound from the start was 8 MiB of mostly
 * empty slots, a cache miss a look-up). Growing is copy-on-write: the writer copies every
 * entry into a new table with plain writes and then publishes it in a new
 * {@code Generations} through the volatile field; the volatile write orders the copy
 * before any reader's volatile read that returns the new table, so a reader sees it whole.
 * A reader still on the previous table finds everything that table held (the writer never
 * writes to a table again once it is replaced) and misses only spellings added since, which
 * it then resolves the slow way, like any miss.
 *
 * <p><b>Bound and eviction.</b> Two generations of at most {@code maxEntries / 2}
 * spellings each. New spellings go into the young one; when it is full it becomes the old
 * one and the previous old one is dropped whole. So at most {@code maxEntries} spellings
 * are held (16 bytes a slot, slots a quarter to half full: 32 to 64 bytes a spelling), and
 * a spelling stays at least {@code maxEntries / 2} insertions after its own. Readers never
 * write, so a hit in the old generation does not move the entry: a spelling still in use
 * when its generation is dropped misses once, is found again by the worker's batched
 * catalog read and goes into the young generation ({@link #put} also copies old-generation
 * entries the worker meets into the young one).
 */
public final class SpellingCache {

    /** What {@link #get} answers for a spelling not cached. */
    public static final int ABSENT = Integer.MIN_VALUE;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long EMPTY = 0;
    /** Multipliers of the two hashes (odd, bits well spread: golden ratio and MurmurHash64A's). */
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xC6A4A7935BD1E995L;
    /** Slots of a new generation's table: small, so a server with few spellings keeps a small table. */
    private static final int INITIAL_SLOTS = 1024;

    private final int generationEntries;
    private final long seed1;
    private final long seed2;
    private volatile Generations generations;

    /**
     * @param maxEntries most spellings held, both generations together (at least 2)
     * @param seed       keys the hashes; random in production
     */
    public SpellingCache(long maxEntries, long seed) {
        if (maxEntries < 2 || maxEntries > (1L << 29)) {
            throw new IllegalArgumentException("spelling cache entries must be 2.." + (1L << 29) + ", got " + maxEntries);
        }
        this.generationEntries = (int) (maxEntries / 2);
        // Both keys depend on every bit of the seed.
        this.seed1 = splitMix(seed);
        this.seed2 = splitMix(seed + 0x9E3779B97F4A7C15L);
        this.generations = new Generations(new Table(INITIAL_SLOTS), null);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The first hash of a spelling (the slot key; never 0): the one {@link #getAll} computes. */
    public long hash(String artist, String title, String album) {
        long h = seed1;
        h = field(h, utf8(artist), M1);
        h = field(h, utf8(title), M1);
        h = field(h, utf8(album), M1);
        return key(h);
    }

    /** The second hash of a spelling (the check), independent of {@link #hash}. */
    public int check(String artist, String title, String album) {
        long c = seed2;
        c = field(c, utf8(artist), M2);
        c = field(c, utf8(title), M2);
        c = field(c, utf8(album), M2);
        return check(c);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One field of one hash: the same steps as {@link #getAll}. */
    private static long field(long h, byte[] b, long m) {
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = step(h, Utf8Bytes.word(b, i), m);
        }
        return step(h, last(b, i, b.length, b.length), m);
    }

    /**
     * The last step's input of a field: its last 0-7 bytes with the field's length, whose
     * low byte lands in the top byte (a tail never reaches it), so "ab"+"c" and "a"+"bc" differ.
     */
    private static long last(byte[] b, int i, int end, int length) {
        return Utf8Bytes.tail(b, i, end) ^ Long.rotateRight(length, 8);
    }

    private static long step(long h, long x, long m) {
        return Long.rotateLeft((h ^ x) * m, 29);
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long key(long state) {
        long h = fmix(state);
        return h == EMPTY ? 1 : h;
    }

    private static int check(long state) {
        return (int) (fmix(state) >>> 32);
    }

    /** The track id cached for a spelling, or {@link #ABSENT}. Any thread. */
    public int get(long hash, int check) {
        return get(generations, hash, check);
    }

    private static int get(Generations g, long hash, int check) {
        int id = g.young.get(hash, check);
        if (id == ABSENT && g.old != null) {
            id = g.old.get(hash, check);
        }
        return id;
    }

    /**
     * The track ids cached for the spellings of a batch's files ({@link #ABSENT} for those
     * not cached), from the UTF-8 bytes of their tags as they arrived: no decoding. Any
     * thread.
     *
     * @param ids where file {@code i}'s id goes; at least {@code files.size()} long
     */
    public void getAll(FileBatch files, int[] ids) {
        int n = files.size();
        byte[] b = files.bytes();
        // First every file's two hashes, then every look-up: a look-up's load then waits
        // behind no multiply chain, so the processor keeps several of the loads' cache
        // misses in flight at once instead of one a file. (One long a file, 2.4 KB for a
        // 300-file chunk: cheaper than a second pass over the bytes.)
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            // hash() and check() fused into one pass: the two multiply chains are
            // independent, so the processor runs them side by side.
            long h = seed1;
            long c = seed2;
            for (int f = 0; f < 3; f++) {
                int at = f == 0 ? files.artistOffset(i) : f == 1 ? files.titleOffset(i) : files.albumOffset(i);
                int length = f == 0 ? files.artistLength(i) : f == 1 ? files.titleLength(i) : files.albumLength(i);
                int end = at + length;
                for (; at + 8 <= end; at += 8) {
                    long x = Utf8Bytes.word(b, at);
                    h = step(h, x, M1);
                    c = step(c, x, M2);
                }
                long x = last(b, at, end, length);
                h = step(h, x, M1);
                c = step(c, x, M2);
            }
            keys[i] = key(h);
            ids[i] = check(c);
        }
        Generations g = generations;
        for (int i = 0; i < n; i++) {
            ids[i] = get(g, keys[i], ids[i]);
        }
    }

    /** The track id cached for a spelling, or {@link #ABSENT}: for tests and slow paths (encodes the tags). */
    public int get(String artist, String title, String album) {
        return get(hash(artist, title, album), check(artist, title, album));
    }

    /**
     * Like {@link #get}, but an entry found only in the old generation is copied into the
     * young one, so a spelling the worker meets again survives the next drop. Writer only.
     */
    public int getAndKeep(long hash, int check) {
        Generations g = generations;
        int id = g.young.get(hash, check);
        if (id == ABSENT && g.old != null) {
            id = g.old.get(hash, check);
            if (id != ABSENT) {
                put(hash, check, id);
            }
        }
        return id;
    }

    /**
     * Caches a spelling's track id in the young generation, first making the young
     * generation the old one if it is full. Writer thread only.
     */
    public void put(long hash, int check, int id) {
        Generations g = generations;
        if (g.young.replace(hash, check, id)) {
            return;
        }
        if (g.young.size >= generationEntries) {
            g = new Generations(new Table(INITIAL_SLOTS), g.young);
            generations = g; // the previous old generation is dropped here
        } else if (g.young.full()) {
            g = new Generations(g.young.doubled(), g.old);
            generations = g; // publishes the copy whole: see "Growth" above
        }
        g.young.add(hash, check, id);
    }

    /** Caches a spelling's track id. Writer thread only. */
    public void put(String artist, String title, String album, int id) {
        put(hash(artist, title, album), check(artist, title, album), id);
    }

    /** Spellings held now (both generations; a spelling in both counts twice). */
    public long size() {
        Generations g = generations;
        return g.young.size + (g.old == null ? 0 : g.old.size);
    }

    private record Generations(Table young, Table old) {
    }

    /**
     * One generation: linear probing, at most half full, no removal; grown by copying into
     * a new table (see "Growth" above). A slot is two adjacent longs, the key and then
     * (check << 32 | id), so a look-up's slot is one cache line, not one line in each of
     * three arrays. A key of 0 marks an empty slot.
     */
    private static final class Table {
        final long[] slots;
        final int mask;
        /** Written by the writer only; read by others for {@link #size()} (approximate). */
        volatile int size;

        /** @param capacity slots, a power of two */
        Table(int capacity) {
            slots = new long[2 * capacity];
            mask = capacity - 1;
        }

        /** True when one more entry would make the table over half full. */
        boolean full() {
            return 2 * (size + 1) > mask + 1;
        }

        /** A table of twice the slots holding the same entries; writer only, before it is published. */
        Table doubled() {
            Table t = new Table(2 * (mask + 1));
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] != EMPTY) {
                    t.insert(slots[i], slots[i + 1]);
                }
            }
            t.size = size;
            return t;
        }

        /** Plain writes into a table no reader can see yet. */
        private void insert(long hash, long value) {
            int i = (int) hash & mask;
            while (slots[2 * i] != EMPTY) {
                i = (i + 1) & mask;
            }
            slots[2 * i] = hash;
            slots[2 * i + 1] = value;
        }

        int get(long hash, int check) {
            for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
                long k = (long) LONGS.getAcquire(slots, 2 * i);
                if (k == EMPTY) {
                    return ABSENT;
                }
                // Opaque: a 64-bit read that never tears, however the writer's update races it.
                long value = (long) LONGS.getOpaque(slots, 2 * i + 1);
                if (k == hash && (int) (value >>> 32) == check) {
                    return (int) value;
                }
            }
        }

        /** Updates the id of a spelling already held; false if it is not. Writer only. */
        boolean replace(long hash, int check, int id) {
            for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
                long k = slots[2 * i];
                if (k == EMPTY) {
                    return false;
                }
                if (k == hash && (int) (slots[2 * i + 1] >>> 32) == check) {
                    // Readers see the old value or the new one, never a mix: check and id
                    // share one long, which setOpaque writes whole.
                    LONGS.setOpaque(slots, 2 * i + 1, value(check, id));
                    return true;
                }
            }
        }

        /** Adds a spelling not held; the caller made sure there is room. Writer only. */
        void add(long hash, int check, int id) {
            for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
                if (slots[2 * i] == EMPTY) {
                    slots[2 * i + 1] = value(check, id);
                    LONGS.setRelease(slots, 2 * i, hash); // publishes the value with the key
                    size = size + 1;
                    return;
                }
            }
        }

        private static long value(int check, int id) {
            return (long) check << 32 | (id & 0xFFFF_FFFFL);
        }
    }
}
