package io.constellation.gateway.availability.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The look-up's own marshallers against the generated protobuf code: whatever a protobuf
 * encoder sends is read to the same ids, and what the gateway writes parses to the same
 * response, so the wire format of availability.proto is unchanged.
 */
class LookupMarshallersTest {

    private static final int MAX = LookupService.MAX_IDS;

    @Test
    void readsWhatTheGeneratedEncoderWritesForRandomRequests() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(2000);
            long[] ids = new long[n];
            GetAvailabilityRequest.Builder b = GetAvailabilityRequest.newBuilder();
            for (int i = 0; i < n; i++) {
                ids[i] = random.nextInt(4) == 0 ? random.nextInt(128) : random.nextInt(Integer.MAX_VALUE) + 1L;
                b.addTrackIds(ids[i]);
            }
            TrackIds read = read(b.build().toByteArray());
            assertNull(read.malformed());
            assertEquals(n, read.count());
            assertEquals(-1, read.badIndex());
            assertArrayEquals(Arrays.stream(ids).mapToInt(id -> (int) id).toArray(),
                    Arrays.copyOf(read.ids(), read.count()));
        }
    }

    @Test
    void readsUnpackedAndSplitRunsAndSkipsUnknownFields() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt64(1, 5); // unpacked, as the spec lets a sender do
        out.writeString(7, "unknown");
        out.writeFixed64(8, 1);
        out.writeFixed32(9, 1);
        out.writeGroup(10, GetAvailabilityRequest.newBuilder().addTrackIds(99).build()); // its ids are not ours
        out.writeUInt32NoTag((1 << 3) | 2); // a packed run
        out.writeUInt32NoTag(2);
        out.writeUInt32NoTag(7);
        out.writeUInt32NoTag(8);
        out.writeInt64(1, 9);
        out.flush();
        TrackIds read = read(bytes.toByteArray());
        assertNull(read.malformed());
        assertArrayEquals(new int[] {5, 7, 8, 9}, Arrays.copyOf(read.ids(), read.count()));
    }

    @Test
    void namesTheFirstIdOutsideTheCatalogRange() {
        TrackIds read = read(GetAvailabilityRequest.newBuilder()
                .addAllTrackIds(List.of(1L, 1L << 31, -1L, Long.MAX_VALUE)).build().toByteArray());
        assertNull(read.malformed());
        assertEquals(1, read.badIndex());
        assertEquals(1L << 31, read.badId());
        read = read(GetAvailabilityRequest.newBuilder().addTrackIds(-1).build().toByteArray());
        assertEquals(0, read.badIndex());
        assertEquals(-1L, read.badId());
    }

    @Test
    void countsIdsPastTheLimitWithoutKeepingThem() {
        GetAvailabilityRequest.Builder b = GetAvailabilityRequest.newBuilder();
        for (int i = 0; i <= MAX; i++) {
            b.addTrackIds(i);
        }
        TrackIds read = read(b.build().toByteArray());
        assertNull(read.malformed());
        assertEquals(MAX + 1, read.count());
        assertEquals(0, read.ids().length);
    }

    @Test
    void malformedBytesSayWhatIsWrongInsteadOfThrowing() {
        byte[] good = GetAvailabilityRequest.newBuilder().addTrackIds(300).addTrackIds(5).build().toByteArray();
        assertMalformed(Arrays.copyOf(good, good.length - 1), "runs past the end");
        assertMalformed(new byte[] {0x0A, 0x02, (byte) 0xAC, (byte) 0x82}, "inside a varint");
        assertMalformed(new byte[] {0x0A, 0x05, 0x01}, "runs past the end");
        assertMalformed(new byte[] {0x08}, "runs past the end");
        assertMalformed(new byte[] {0x0F}, "wire type 7");
        assertMalformed(new byte[] {0x00}, "field number 0");
        assertMalformed(new byte[] {0x1B}, "not closed"); // start group 3, never ended
        assertMalformed(new byte[] {0x1C}, "unmatched end of group");
        byte[] tooLong = new byte[12];
        tooLong[0] = 0x08;
        Arrays.fill(tooLong, 1, 12, (byte) 0x80);
        assertMalformed(tooLong, "longer than 10 bytes");
        byte[] deep = new byte[300];
        Arrays.fill(deep, (byte) 0x1B);
        assertMalformed(deep, "nested deeper");
    }

    @Test
    void writesWhatTheGeneratedParserReads() throws IOException {
        int[][] cases = {{}, {0}, {0, 0, 0}, {1, 127, 128, 16_383, 16_384, 10_000_000, Integer.MAX_VALUE}};
        for (int[] counts : cases) {
            for (int servers : new int[] {0, 1, 300}) {
                EncodedCounts e = EncodedCounts.of(counts.clone(), counts.length, servers);
                GetAvailabilityResponse expected = GetAvailabilityResponse.newBuilder()
                        .addAllCounts(Arrays.stream(counts).boxed().toList()).setServersReporting(servers).build();
                assertArrayEquals(expected.toByteArray(), e.toByteArray(), "byte for byte what protobuf writes");
                assertEquals(expected, GetAvailabilityResponse.parseFrom(drained(e.stream())));
            }
        }
    }

    @Test
    void largeCountsAndOnlyTheFirstNOfTheArrayAreWritten() throws IOException {
        int[] counts = new int[1200];
        GetAvailabilityResponse.Builder expected = GetAvailabilityResponse.newBuilder();
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Integer.MAX_VALUE - i;
            if (i < 1000) {
                expected.addCounts(counts[i]);
            }
        }
        EncodedCounts e = EncodedCounts.of(counts, 1000, Integer.MAX_VALUE);
        expected.setServersReporting(Integer.MAX_VALUE);
        assertEquals(expected.build(), GetAvailabilityResponse.parseFrom(e.toByteArray()));
        assertEquals(expected.build().getSerializedSize(), e.size());
    }

    @Test
    void theMethodKeepsTheGeneratedNameAndTypeAndStreamsWithAKnownLength() throws IOException {
        MethodDescriptor<TrackIds, EncodedCounts> m = LookupMarshallers.GET_AVAILABILITY;
        MethodDescriptor<GetAvailabilityRequest, GetAvailabilityResponse> generated =
                AvailabilityServiceGrpc.getGetAvailabilityMethod();
        assertEquals(generated.getFullMethodName(), m.getFullMethodName());
        assertEquals(generated.getType(), m.getType());
        assertNotNull(m.getSchemaDescriptor());
        InputStream s = m.streamResponse(EncodedCounts.of(new int[0], 0, 2));
        assertTrue(s instanceof KnownLength && s instanceof Drainable);
        assertEquals(2, s.available());
        TrackIds parsed = m.parseRequest(generated.streamRequest(
                GetAvailabilityRequest.newBuilder().addTrackIds(42).build()));
        assertArrayEquals(new int[] {42}, Arrays.copyOf(parsed.ids(), parsed.count()));
        EncodedCounts back = m.parseResponse(new ByteArrayInputStream(new byte[] {0x10, 0x02}));
        assertEquals(2, GetAvailabilityResponse.parseFrom(back.toByteArray()).getServersReporting());
    }

    private static TrackIds read(byte[] bytes) {
        return TrackIds.read(bytes, bytes.length, MAX);
    }

    private static void assertMalformed(byte[] bytes, String says) {
        TrackIds read = read(bytes);
        assertNotNull(read.malformed(), "malformed: " + Arrays.toString(bytes));
        assertTrue(read.malformed().contains(says), read.malformed());
    }

    private static byte[] drained(InputStream s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = ((Drainable) s).drainTo(out);
        assertEquals(out.size(), n);
        return out.toByteArray();
    }
}
