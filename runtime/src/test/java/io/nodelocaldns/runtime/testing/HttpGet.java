package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP GET to a server on loopback, as a Kubernetes probe sends it. */
public final class HttpGet {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** A status and body. */
  public record Response(int status, String body) {}

  private HttpGet() {}

  /** GETs {@code path} from {@code address}; an I/O failure (e.g. nothing listening) is thrown. */
  public static Response get(InetSocketAddress address, String path) {
    URI uri =
        URI.create(
            "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path);
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of GET {@code path}. */
  public static int status(InetSocketAddress address, String path) {
    return get(address, path).status();
  }
}
