package io.constellation.index;

import io.constellation.index.internal.SegmentMerger;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ReferenceOpenHashSet;
import java.util.Collection;
import java.util.Objects;
import org.roaringbitmap.RoaringBitmap;

/**
 * The live index of one shard: publishes immutable {@link Snapshot}s and applies changes
 * to them copy-on-write.
 *
 * <p>Threading: {@link #snapshot()} may be called from any thread and never blocks (a
 * volatile read). {@link #apply} and {@link #merge} must be called from one writer thread
 * only (the catalog follower); each builds a new snapshot without touching the published
 * one and then publishes it with a single volatile write, so a query sees either all of a
 * batch or none of it.
 *
 * <p>Cost: {@link #apply} copies the delta's maps (proportional to the delta, which merges
 * keep small) and clones only the delta bitmaps and the stale set it changes, never main
 * segment postings. {@link #merge} rewrites only the words touched by the changes.
 */
public final class IndexState {

    private volatile Snapshot current;

    /**
     * An index state over {@code main} with no changes yet.
     *
     * @param generation generation to start from (e.g. the loaded checkpoint's, or 0)
     */
    public IndexState(Segment main, long generation) {
        Objects.requireNonNull(main, "main");
        current = new Snapshot(main, new Object2ObjectOpenHashMap<>(), new Int2ObjectOpenHashMap<>(),
                new RoaringBitmap(), generation);
    }

    /** The latest published snapshot. Any thread. */
    public Snapshot snapshot() {
        return current;
    }

    /**
     * Applies a batch and publishes the result: each upsert (re)indexes its document under
     * its new words (a re-indexed document no longer matches its old words), then each
     * deleted ordinal stops matching anything. Deletes come after upserts, so an ordinal in
     * both is deleted; unknown deleted ordinals are ignored. The generation grows by one
     * for a non-empty batch. Writer thread only.
     *
     * @return the published snapshot
     */
    public Snapshot apply(Collection<Doc> upserts, int[] deletes) {
        Snapshot base = current;
        if (upserts.isEmpty() && deletes.length == 0) {
            return base;
        }
        Changes changes = new Changes(base);
        for (Doc doc : upserts) {
            changes.upsert(doc.ord(), doc.words());
        }
        for (int ord : deletes) {
            changes.delete(ord);
        }
        Snapshot next = new Snapshot(base.main(), changes.delta, changes.docs, changes.stale,
                base.generation() + 1);
        current = next;
        return next;
    }

    /**
     * Folds the delta and stale set into a new main segment and publishes a snapshot with an
     * empty delta and the same generation (query results do not change). Takes time roughly
     * proportional to the vocabulary plus the changed postings; queries keep running on the
     * previous snapshot meanwhile. Writer thread only.
     *
     * @return the published snapshot
     */
    public Snapshot merge() {
        Snapshot base = current;
        if (base.deltaDocs().isEmpty() && base.stale().isEmpty()) {
            return base;
        }
        RoaringBitmap deltaOrds = new RoaringBitmap();
        base.deltaDocs().keySet().forEach((int ord) -> deltaOrds.add(ord));
        Segment merged = SegmentMerger.merge(base.main(), base.delta(), deltaOrds, base.stale());
        Snapshot next = new Snapshot(merged, new Object2ObjectOpenHashMap<>(), new Int2ObjectOpenHashMap<>(),
                new RoaringBitmap(), base.generation());
        current = next;
        return next;
    }

    /**
     * The copy-on-write working set of one batch: maps copied from the base snapshot, and
     * bitmaps cloned the first time the batch changes them (tracked by identity in
     * {@code owned}), so the base snapshot stays untouched.
     */
    private static final class Changes {
        private final Segment main;
        final Object2ObjectOpenHashMap<String, RoaringBitmap> delta;
        final Int2ObjectOpenHashMap<String[]> docs;
        RoaringBitmap stale;
        private boolean staleOwned;
        private final ReferenceOpenHashSet<RoaringBitmap> owned = new ReferenceOpenHashSet<>();

        Changes(Snapshot base) {
            main = base.main();
            delta = new Object2ObjectOpenHashMap<>(base.delta());
            docs = new Int2ObjectOpenHashMap<>(base.deltaDocs());
            stale = base.stale();
        }

        void upsert(int ord, String[] words) {
            removeFromDelta(ord);
            markStaleIfInMain(ord);
            docs.put(ord, words);
            for (String word : words) {
                ownedList(word).add(ord);
            }
        }

        void delete(int ord) {
            removeFromDelta(ord);
            markStaleIfInMain(ord);
        }

        private void removeFromDelta(int ord) {
            String[] old = docs.remove(ord);
            if (old == null) {
                return;
            }
            for (String word : old) {
                RoaringBitmap list = ownedList(word);
                list.remove(ord);
                if (list.isEmpty()) {
                    delta.remove(word);
                }
            }
        }

        private void markStaleIfInMain(int ord) {
            if (!main.documents().contains(ord) || stale.contains(ord)) {
                return;
            }
            if (!staleOwned) {
                stale = stale.clone();
                staleOwned = true;
            }
            stale.add(ord);
        }

        private RoaringBitmap ownedList(String word) {
            RoaringBitmap list = delta.get(word);
            if (list == null) {
                list = new RoaringBitmap();
            } else if (owned.contains(list)) {
                return list;
            } else {
                list = list.clone();
            }
            owned.add(list);
            delta.put(word, list);
            return list;
        }
    }
}
