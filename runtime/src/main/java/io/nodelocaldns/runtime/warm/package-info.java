/**
 * Warm restarts: a new agent starts with its predecessor's cache. A successor started next to a
 * running agent (the chart's surge update) asks it over a Unix socket in the state directory
 * ({@link Handover}); after a crash the next agent loads the snapshot the last one kept there
 * ({@link SnapshotFile}, written every few seconds when the cache changed). Both carry the same
 * bytes ({@link SnapshotFormat}); answers keep the seconds they had left, never more.
 */
package io.nodelocaldns.runtime.warm;
