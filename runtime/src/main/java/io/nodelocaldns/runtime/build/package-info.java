/** What build of node-local-dns this is ({@link io.nodelocaldns.runtime.build.Version}). */
package io.nodelocaldns.runtime.build;
