package io.constellation.satellite.testing;

import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.share.ShareResolver;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks keyed by "artist|title|album", ids handed out from 1 in order of first sight, for
 * tests. Answers at once, or (after {@link #hold()}) when the test calls
 * {@link #releaseAll()}; {@link #failWith} makes answers fail. Thread-safe.
 */
public final class InMemoryShareResolver implements ShareResolver {

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile boolean holding;
    private volatile Throwable failure;

    /** The id a file with these tags resolves to (assigned now if new). */
    public int trackId(String artist, String title, String album) {
        return ids.computeIfAbsent(artist + "|" + title + "|" + album, k -> next.incrementAndGet());
    }

    public void hold() {
        holding = true;
    }

    public void releaseAll() {
        Runnable r;
        while ((r = held.poll()) != null) {
            r.run();
        }
    }

    /** Answers fail with {@code t} until null is set. */
    public void failWith(Throwable t) {
        failure = t;
    }

    /** Calls of {@link #resolve} so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public CompletableFuture<int[]> resolve(List<SharedFile> files) {
        calls.incrementAndGet();
        int[] tracks = new int[files.size()];
        for (int i = 0; i < tracks.length; i++) {
            SharedFile f = files.get(i);
            tracks[i] = f.getArtist().isEmpty() || f.getTitle().isEmpty()
                    ? NO_TRACK : trackId(f.getArtist(), f.getTitle(), f.getAlbum());
        }
        CompletableFuture<int[]> future = new CompletableFuture<>();
        Throwable fail = failure;
        Runnable answer = () -> {
            if (fail != null) {
                future.completeExceptionally(fail);
            } else {
                future.complete(tracks);
            }
        };
        if (holding) {
            held.add(answer);
        } else {
            answer.run();
        }
        return future;
    }
}
