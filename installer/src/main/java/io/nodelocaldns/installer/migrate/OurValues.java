package io.nodelocaldns.installer.migrate;

/**
 * The names of this chart's values that {@code migrate} writes, in one place. Those marked "new"
 * come with the chart's deliveryhero-coverage values (charts/README.md, the value-by-value table);
 * a rename there is a rename here.
 */
final class OurValues {
  private OurValues() {}

  static final String LOCAL_IP = "localIP";
  static final String KUBE_DNS_IP = "kubeDNS.ip";
  static final String CLUSTER_DOMAIN = "clusterDomain";
  static final String MODE = "mode";
  static final String FORCE_TCP = "forceTCP";
  static final String UPSTREAM_SERVERS = "upstream.servers";
  static final String CACHE_CLUSTER = "cache.cluster";
  static final String CACHE_REVERSE_TTL = "cache.reverse.ttl";
  static final String CACHE_EXTERNAL_TTL = "cache.external.ttl";
  static final String STUB_ZONES = "stubZones";
  static final String LOG_QUERIES = "logQueries";
  static final String HEALTH_PORT = "healthPort";
  static final String RESOURCES = "resources";
  static final String TOLERATIONS = "tolerations";
  static final String AFFINITY = "affinity";
  static final String IMAGE_PULL_SECRETS = "imagePullSecrets";
  static final String UPDATE_STRATEGY = "updateStrategy";
  static final String PRIORITY_CLASS_NAME = "priorityClassName";
  static final String NODE_SELECTOR = "nodeSelector";
  static final String POD_ANNOTATIONS = "podAnnotations";
  static final String METRICS_PORT = "metrics.port";
  static final String SERVICE_MONITOR = "metrics.serviceMonitor";
  static final String DASHBOARD = "dashboard";

  // new (the chart's deliveryhero-coverage values)
  static final String PREFER_UDP = "preferUDP";
  static final String NO_IPV6_LOOKUPS = "noIPv6Lookups";
  static final String BIND_ANY_ADDRESS = "bindAnyAddress";
  static final String FORWARD_OPTIONS = "upstream.forwardOptions";
  static final String UPSTREAM_SERVICE = "upstreamService";
  static final String PREFETCH = "cache.prefetch";
  static final String SERVE_STALE = "cache.serveStale";
  static final String EXTRA_SERVER_BLOCKS = "extraServerBlocks";
  static final String CUSTOM_CONFIG = "customConfig";
  static final String LIVENESS_PROBE = "livenessProbe";
  static final String INIT_CONTAINERS = "initContainers";
  static final String SECURITY_CONTEXT = "securityContext";
  static final String LIFECYCLE = "lifecycle";
  static final String RESIZE_POLICY = "resizePolicy";
  static final String TERMINATION_GRACE = "terminationGracePeriodSeconds";
  static final String POD_LABELS = "podLabels";
  static final String DAEMONSET_ANNOTATIONS = "daemonSetAnnotations";
  static final String DAEMONSET_LABELS = "daemonSetLabels";
  static final String CONFIGMAP_ANNOTATIONS = "configMapAnnotations";
  static final String CONFIGMAP_LABELS = "configMapLabels";
  static final String SERVICE_ACCOUNT = "serviceAccount";
  static final String SCRAPE_ANNOTATIONS = "metrics.scrapeAnnotations";
  static final String METRICS_SERVICE_ANNOTATIONS = "metrics.service.annotations";
}
