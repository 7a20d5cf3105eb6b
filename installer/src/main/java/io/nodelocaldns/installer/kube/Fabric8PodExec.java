package io.nodelocaldns.installer.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.nodelocaldns.installer.discovery.KubeErrors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** {@link PodExec} through the API server's exec endpoint (fabric8's websocket exec). */
public final class Fabric8PodExec implements PodExec {
  private static final long TIMEOUT_SECONDS = 30;
  private final KubernetesClient client;

  public Fabric8PodExec(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Result exec(String namespace, String pod, String container, String... command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .writingOutput(out)
            .writingError(err)
            .exec(command)) {
      Integer code = watch.exitCode().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new Result(
          code == null ? -1 : code,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    } catch (Exception e) {
      return new Result(-1, out.toString(StandardCharsets.UTF_8), KubeErrors.oneLine(e));
    }
  }
}
