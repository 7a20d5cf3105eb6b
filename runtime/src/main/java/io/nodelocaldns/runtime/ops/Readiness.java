package io.nodelocaldns.runtime.ops;

/**
 * Where the process is in its life, as {@code /health} and {@code /ready} report it.
 *
 * <ul>
 *   <li>{@code /health} answers 200 {@code OK} whenever it can answer at all, lameduck included: it
 *       says the process lives (a liveness probe), as CoreDNS's health plugin.
 *   <li>{@code /ready} answers 200 {@code OK} only between "every listener bound, the Corefile
 *       loaded" and the start of shutdown; before, 503 {@code Starting}, after, 503 {@code Shutting
 *       down} (CoreDNS's word), so Kubernetes stops sending traffic while lameduck still serves it.
 * </ul>
 */
public final class Readiness {
  /** The states in the order a process goes through them; never backwards. */
  public enum State {
    STARTING,
    READY,
    SHUTTING_DOWN
  }

  static final String OK = "OK";
  static final String STARTING = "Starting";
  static final String SHUTTING_DOWN = "Shutting down";

  private volatile State state = State.STARTING;

  public State state() {
    return state;
  }

  /** Every listener is bound and the configuration loaded; ignored once shutting down. */
  public synchronized void ready() {
    if (state == State.STARTING) {
      state = State.READY;
    }
  }

  /** Shutdown (lameduck first) has begun: not ready any more, for good. */
  public synchronized void shuttingDown() {
    state = State.SHUTTING_DOWN;
  }

  /** {@code /ready}. */
  public HttpEndpoints.Reply readyReply() {
    return switch (state) {
      case READY -> HttpEndpoints.Reply.text(200, OK);
      case STARTING -> HttpEndpoints.Reply.text(503, STARTING);
      case SHUTTING_DOWN -> HttpEndpoints.Reply.text(503, SHUTTING_DOWN);
    };
  }

  /** {@code /health}. */
  public HttpEndpoints.Reply healthReply() {
    return HttpEndpoints.Reply.text(200, OK);
  }
}
