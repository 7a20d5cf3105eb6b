/** DNS messages on the wire: decoding queries, rendering and canonicalising responses. */
package io.nodelocaldns.runtime.wire;
