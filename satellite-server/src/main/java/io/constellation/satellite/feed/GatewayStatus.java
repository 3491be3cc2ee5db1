package io.constellation.satellite.feed;

/**
 * How the feed to one gateway is doing, for admin pages and tests.
 *
 * @param index         the gateway's position in {@link FeedConfig#gateways()}
 * @param target        its configured address
 * @param connected     whether it has applied this server's snapshot and takes deltas now
 * @param snapshotsSent full snapshots sent since start (one per stream opened)
 * @param deltasSent    delta messages sent since start
 * @param reconnects    streams that broke since start
 */
public record GatewayStatus(int index, String target, boolean connected, long snapshotsSent, long deltasSent,
                            long reconnects) {
}
