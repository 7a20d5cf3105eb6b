/**
 * The operations endpoints over HTTP: one server per address ({@link
 * io.nodelocaldns.runtime.ops.HttpEndpoints}) serving {@code /health}, {@code /ready} ({@link
 * io.nodelocaldns.runtime.ops.ProbeEndpoints}, {@link io.nodelocaldns.runtime.ops.Readiness}) and
 * whatever else the runtime registers ({@code /metrics}).
 */
package io.nodelocaldns.runtime.ops;
