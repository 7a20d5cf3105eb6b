/**
 * Cluster-type profiles ({@code --profile generic|kind|eks}), composed with any mode; get one from
 * {@link io.nodelocaldns.modes.profile.Profiles#of(String, java.net.InetAddress)}.
 */
package io.nodelocaldns.modes.profile;
