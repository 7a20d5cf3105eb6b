{{/*
Object names are fixed, as in the upstream manifest (one cache per node means one release per
cluster, and the installer's status and doctor look for DaemonSet node-local-dns). The upstream
Service's name is a value: the agent is told it (-upstreamsvc) and finds its ClusterIP through the
env var Kubernetes derives from it (KUBE_DNS_UPSTREAM_SERVICE_HOST).
*/}}
{{- define "node-local-dns.name" -}}
node-local-dns
{{- end -}}

{{- define "node-local-dns.upstreamService" -}}
{{- .Values.upstreamService.name -}}
{{- end -}}

{{/*
The namespace of every object the agent's pod depends on: kube-system, or the render stops.
A Service selects pods of its own namespace only, so kube-dns-upstream must be where CoreDNS runs
(kube-system); the agent finds that Service through an environment variable Kubernetes sets only
for Services of the pod's own namespace, and mounts the kube-dns ConfigMap, which is in kube-system,
so the DaemonSet must be there too, and with it its ConfigMap, ServiceAccount and metrics Service.
Putting them in kube-system behind the release's back would leave `helm -n`, the installer's status
and doctor looking in the wrong namespace, so the release itself must be in kube-system.
*/}}
{{- define "node-local-dns.namespace" -}}
{{- if ne .Release.Namespace "kube-system" -}}
{{- fail (printf "the release namespace is %q, but node-local-dns must be installed in kube-system (helm -n kube-system, node-local-dns install --namespace kube-system): its kube-dns-upstream Service must select the CoreDNS pods, and a Service selects pods of its own namespace only; the agent also finds that Service through environment variables Kubernetes sets only for Services of the pod's namespace, and reads the kube-dns ConfigMap, which is in kube-system" .Release.Namespace) -}}
{{- end -}}
kube-system
{{- end -}}

{{/* The pod's ServiceAccount: ours, or the one serviceAccount.name names (default: default). */}}
{{- define "node-local-dns.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "node-local-dns.name" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* Helm's recommended labels, on every object. */}}
{{- define "node-local-dns.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "node-local-dns.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The image: repository@digest when image.digest is set (the tag is then not used), else
repository:tag (tag defaults to the chart's appVersion). */}}
{{- define "node-local-dns.image" -}}
{{- $i := .Values.image -}}
{{- if $i.digest -}}
{{ $i.repository }}@{{ $i.digest }}
{{- else -}}
{{ $i.repository }}:{{ $i.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/*
Where the agent writes the Corefile it serves (-conf). The root filesystem is read-only, so it is
an emptyDir of its own (upstream writes /etc/Corefile); the agent writes a temporary file in the
same directory and renames it over the old one.
*/}}
{{- define "node-local-dns.confDir" -}}
/run/node-local-dns
{{- end -}}

{{- define "node-local-dns.conf" -}}
{{ include "node-local-dns.confDir" . }}/Corefile
{{- end -}}

{{/*
"true" when /metrics answers on the pod's IP (the node's, with hostNetwork), i.e. metrics.address
is empty or an unspecified address; Prometheus' annotations and the ServiceMonitor need that.
*/}}
{{- define "node-local-dns.metricsOnPodIP" -}}
{{- has .Values.metrics.address (list "" "0.0.0.0" "::") | toString -}}
{{- end -}}

{{/* The prometheus directive's address: `:PORT` (every interface), or `IP:PORT`. */}}
{{- define "node-local-dns.metricsListen" -}}
{{- $m := .Values.metrics -}}
{{- if $m.address -}}
{{ include "node-local-dns.hostPort" (list $m.address $m.port) }}
{{- else -}}
:{{ $m.port }}
{{- end -}}
{{- end -}}

{{/*
The kube-dns ClusterIP. `helm template` and `helm install` cannot look it up, so it is required;
the node-local-dns CLI discovers it and passes it in.
*/}}
{{- define "node-local-dns.kubeDNSIP" -}}
{{- required "kubeDNS.ip is not set: the chart needs the kube-dns Service's ClusterIP, e.g. --set kubeDNS.ip=$(kubectl get svc kube-dns -n kube-system -o jsonpath={.spec.clusterIP}), or install with `node-local-dns install`, which discovers it" .Values.kubeDNS.ip -}}
{{- end -}}

{{/* IP:port, with brackets for IPv6. */}}
{{- define "node-local-dns.hostPort" -}}
{{- $ip := index . 0 -}}
{{- if contains ":" $ip -}}[{{ $ip }}]{{- else -}}{{ $ip }}{{- end -}}:{{ index . 1 }}
{{- end -}}

{{/*
The addresses' families agree, or the render stops. localIP and kubeDNS.ip are one pair, IPv4 on
IPv4-only and dual-stack clusters, IPv6 on IPv6-only ones; localIPv6 and kubeDNS.ipv6 are the IPv6
pair of a dual-stack cluster. The agent takes the first IPv6 address of -localip as its node-local
one, so an IPv6 ClusterIP without localIPv6 before it would be taken for the cache's own address.
*/}}
{{- define "node-local-dns.checkFamilies" -}}
{{- $v := .Values -}}
{{- $kubeDNS := include "node-local-dns.kubeDNSIP" . -}}
{{- $v6 := contains ":" $v.localIP -}}
{{- if ne $v6 (contains ":" $kubeDNS) -}}
{{- fail (printf "localIP %s and kubeDNS.ip %s are not of one IP family: they are the pair the cache serves first, both IPv4 on IPv4-only and dual-stack clusters (the IPv6 pair of a dual-stack cluster is localIPv6 and kubeDNS.ipv6) or both IPv6 on IPv6-only clusters (localIP e.g. fd00::10)" $v.localIP $kubeDNS) -}}
{{- end -}}
{{- if and $v6 (or $v.localIPv6 $v.kubeDNS.ipv6) -}}
{{- $set := ternary (printf "localIPv6 %s" $v.localIPv6) (printf "kubeDNS.ipv6 %s" $v.kubeDNS.ipv6) (not (empty $v.localIPv6)) -}}
{{- fail (printf "%s is set but localIP %s is IPv6: localIPv6 and kubeDNS.ipv6 are the IPv6 pair of a dual-stack cluster, next to an IPv4 localIP and kubeDNS.ip; on an IPv6-only cluster localIP and kubeDNS.ip are the IPv6 addresses and localIPv6 and kubeDNS.ipv6 stay empty" $set $v.localIP) -}}
{{- end -}}
{{- if and $v.kubeDNS.ipv6 (not $v.localIPv6) -}}
{{- fail (printf "kubeDNS.ipv6 %s is set but localIPv6 is empty: the cache serves IPv6 on its own IPv6 address first; set localIPv6 (e.g. fd00::10), or leave kubeDNS.ipv6 empty to serve IPv4 only" $v.kubeDNS.ipv6) -}}
{{- end -}}
{{- end -}}

{{/*
The node-local addresses, the first one first: localIP, and on a dual-stack cluster localIPv6. In
IPVS mode kubelet's clusterDNS must name them all.
*/}}
{{- define "node-local-dns.localIPs" -}}
{{- $ips := list .Values.localIP -}}
{{- with .Values.localIPv6 }}{{ $ips = append $ips . }}{{ end -}}
{{- toJson $ips -}}
{{- end -}}

{{/*
What the agent serves on (-localip) and binds in the Corefile, a family's node-local address before
its ClusterIP (the agent's order: IPv4 local, IPv4 ClusterIP, IPv6 local, IPv6 ClusterIP). In
iptables mode the node-local addresses and the kube-dns ClusterIPs; in IPVS mode the node-local
addresses only (kube-proxy keeps the ClusterIPs).
*/}}
{{- define "node-local-dns.listenIPs" -}}
{{- include "node-local-dns.checkFamilies" . -}}
{{- $v := .Values -}}
{{- $iptables := eq $v.mode "iptables" -}}
{{- $ips := list $v.localIP -}}
{{- if $iptables }}{{ $ips = append $ips (include "node-local-dns.kubeDNSIP" .) }}{{ end -}}
{{- with $v.localIPv6 }}{{ $ips = append $ips . }}{{ end -}}
{{- if and $iptables $v.kubeDNS.ipv6 }}{{ $ips = append $ips $v.kubeDNS.ipv6 }}{{ end -}}
{{- toJson $ips -}}
{{- end -}}

{{/*
Where cluster names go. iptables mode: left to the agent, which fills __PILLAR__CLUSTER__DNS__
with kube-dns-upstream's ClusterIP (the kube-dns ClusterIP is intercepted on the node). IPVS mode:
the kube-dns ClusterIP, as the upstream IPVS instructions' sed writes it.
*/}}
{{- define "node-local-dns.clusterUpstream" -}}
{{- if eq .Values.mode "iptables" -}}
__PILLAR__CLUSTER__DNS__
{{- else -}}
{{- include "node-local-dns.kubeDNSIP" . -}}
{{- end -}}
{{- end -}}

{{/*
Where other names go: upstream.servers if given, else the VPC resolver with profile eks, else the
node's resolv.conf, which the agent fills in for __PILLAR__UPSTREAM__SERVERS__.
*/}}
{{- define "node-local-dns.externalUpstream" -}}
{{- if .Values.upstream.servers -}}
{{- join " " .Values.upstream.servers -}}
{{- else if eq .Values.profile "eks" -}}
{{- .Values.eks.vpcResolver -}}
{{- else -}}
__PILLAR__UPSTREAM__SERVERS__
{{- end -}}
{{- end -}}

{{/*
A `cache` directive. Argument: a dict with root (the chart's context) and zone (a zone's cache
values): `cache [TTL]`, with a block for the tiers that are set and for cache.prefetch and
cache.serveStale when they are enabled. A tier's TTL without its capacity gets the runtime's
default capacity, 9984.
*/}}
{{- define "node-local-dns.cache" -}}
{{- $c := .zone -}}
{{- $prefetch := .root.Values.cache.prefetch -}}
{{- $stale := .root.Values.cache.serveStale -}}
cache{{ with $c.ttl }} {{ . }}{{ end }}
{{- if or $c.success $c.successTTL $c.denial $c.denialTTL $prefetch.enabled $stale.enabled }} {
{{- if or $c.success $c.successTTL }}
    success {{ $c.success | default 9984 }}{{ with $c.successTTL }} {{ . }}{{ end }}
{{- end }}
{{- if or $c.denial $c.denialTTL }}
    denial {{ $c.denial | default 9984 }}{{ with $c.denialTTL }} {{ . }}{{ end }}
{{- end }}
{{- if $prefetch.enabled }}
    prefetch {{ $prefetch.amount }} {{ $prefetch.duration }} {{ $prefetch.percentage }}
{{- end }}
{{- if $stale.enabled }}
    serve_stale {{ $stale.duration }} {{ $stale.mode }}
{{- end }}
}
{{- end }}
{{- end -}}

{{/*
upstream.forwardOptions as lines: a list is taken as it is; a map's keys, in alphabetical order,
each with its arguments (true: the option alone, false: left out).
*/}}
{{- define "node-local-dns.forwardOptions" -}}
{{- $o := .Values.upstream.forwardOptions -}}
{{- $lines := list -}}
{{- if kindIs "map" $o -}}
{{- range $k, $v := $o -}}
{{- if kindIs "bool" $v -}}
{{- if $v }}{{ $lines = append $lines $k }}{{ end -}}
{{- else if kindIs "slice" $v -}}
{{- $lines = append $lines (printf "%s %s" $k (join " " $v)) -}}
{{- else -}}
{{- $lines = append $lines (printf "%s %v" $k $v) -}}
{{- end -}}
{{- end -}}
{{- else -}}
{{- $lines = $o | default list -}}
{{- end -}}
{{- toJson $lines -}}
{{- end -}}

{{/* What `bind` lists: the addresses the cache serves on, or with bindAnyAddress the wildcard. */}}
{{- define "node-local-dns.bind" -}}
{{- if .Values.bindAnyAddress -}}
{{- if contains ":" .Values.localIP }}::{{ else }}0.0.0.0{{ end -}}
{{- else -}}
{{- include "node-local-dns.listenIPs" . | fromJsonArray | join " " -}}
{{- end -}}
{{- end -}}

{{/*
One server block. Argument: a dict with root (the chart's context), zone, cache (a cache values
map), upstream (forward's servers), options (forward's options, a list), and probes (true for the
block that serves /health and /ready).
*/}}
{{- define "node-local-dns.serverBlock" -}}
{{- $v := .root.Values -}}
{{ .zone }}:53 {
    errors
{{- if $v.logQueries }}
    log
{{- end }}
    {{- include "node-local-dns.cache" (dict "root" .root "zone" .cache) | nindent 4 }}
    reload
    loop
    bind {{ include "node-local-dns.bind" .root }}
    forward . {{ .upstream }}{{ with .options }} {
{{- range . }}
        {{ . }}
{{- end }}
    }{{ end }}
{{- if $v.noIPv6Lookups }}
    template IN AAAA {
        rcode NOERROR
    }
{{- end }}
    prometheus {{ include "node-local-dns.metricsListen" .root }}
{{- if .probes }}
    health {{ include "node-local-dns.hostPort" (list $v.localIP $v.healthPort) }}
    ready {{ include "node-local-dns.hostPort" (list $v.localIP $v.readyPort) }}
{{- end }}
}
{{- end -}}

{{/* forward's options for cluster names: force_tcp, prefer_udp or none. */}}
{{- define "node-local-dns.clusterOptions" -}}
{{- if and .Values.forceTCP .Values.preferUDP -}}
{{- fail "forceTCP and preferUDP are both true: forward takes one of force_tcp and prefer_udp; set forceTCP=false to prefer UDP" -}}
{{- else if .Values.forceTCP -}}
{{- list "force_tcp" | toJson -}}
{{- else if .Values.preferUDP -}}
{{- list "prefer_udp" | toJson -}}
{{- else -}}
{{- list | toJson -}}
{{- end -}}
{{- end -}}

{{/*
The Corefile: customConfig if given (templated by Helm); else upstream's four server blocks, the
stub zones, and extraServerBlocks as they are.
*/}}
{{- define "node-local-dns.corefile" -}}
{{- $v := .Values -}}
{{- if $v.customConfig -}}
{{- include "node-local-dns.customConfig" . -}}
{{- else -}}
{{- $cluster := include "node-local-dns.clusterUpstream" . -}}
{{- $clusterOptions := include "node-local-dns.clusterOptions" . | fromJsonArray -}}
{{- include "node-local-dns.serverBlock" (dict "root" . "zone" $v.clusterDomain "cache" $v.cache.cluster "upstream" $cluster "options" $clusterOptions "probes" true) }}
{{- range list "in-addr.arpa" "ip6.arpa" }}
{{ include "node-local-dns.serverBlock" (dict "root" $ "zone" . "cache" $v.cache.reverse "upstream" $cluster "options" $clusterOptions) }}
{{- end }}
{{ include "node-local-dns.serverBlock" (dict "root" . "zone" "." "cache" $v.cache.external "upstream" (include "node-local-dns.externalUpstream" .) "options" (include "node-local-dns.forwardOptions" . | fromJsonArray)) }}
{{- range $v.stubZones }}
{{ include "node-local-dns.serverBlock" (dict "root" $ "zone" .zone "cache" (dict "ttl" (.cacheTTL | default 30)) "upstream" (join " " .servers) "options" (ternary (list "force_tcp") (list) (.forceTCP | default false))) }}
{{- end }}
{{- with $v.extraServerBlocks }}
{{ trim . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
customConfig through tpl. It replaces every generated block, so values that add blocks are refused
rather than dropped, and it must serve what the probes ask.
*/}}
{{- define "node-local-dns.customConfig" -}}
{{- $v := .Values -}}
{{- if or $v.stubZones $v.extraServerBlocks -}}
{{- fail "customConfig is a whole Corefile: stubZones and extraServerBlocks would not be in it; write those blocks into customConfig and leave them empty" -}}
{{- end -}}
{{- $text := tpl $v.customConfig . | trim -}}
{{- if not (and (regexMatch `(?m)^\s*health(\s|$)` $text) (regexMatch `(?m)^\s*ready(\s|$)` $text)) -}}
{{- fail (printf "customConfig serves no health or no ready: the liveness probe asks %s/health and the readiness probe %s/ready, so a server block must have `health %s` and `ready %s`" (include "node-local-dns.hostPort" (list $v.localIP $v.healthPort)) (include "node-local-dns.hostPort" (list $v.localIP $v.readyPort)) (include "node-local-dns.hostPort" (list $v.localIP $v.healthPort)) (include "node-local-dns.hostPort" (list $v.localIP $v.readyPort))) -}}
{{- end -}}
{{- $text -}}
{{- end -}}

{{/*
The pod's affinity: the affinity value, and with profile eks a required node affinity keeping off
eks.excludedComputeTypes. Required node selector terms are ORed, so the expression goes into every
term the user gave (a term of its own when there is none), never into a separate term beside them.
*/}}
{{- define "node-local-dns.affinity" -}}
{{- $affinity := deepCopy (.Values.affinity | default dict) -}}
{{- if and (eq .Values.profile "eks") .Values.eks.excludedComputeTypes -}}
{{- $notIn := dict "key" "eks.amazonaws.com/compute-type" "operator" "NotIn" "values" .Values.eks.excludedComputeTypes -}}
{{- $node := get $affinity "nodeAffinity" | default dict -}}
{{- $required := get $node "requiredDuringSchedulingIgnoredDuringExecution" | default dict -}}
{{- $terms := list -}}
{{- range (get $required "nodeSelectorTerms" | default (list dict)) -}}
{{- $term := deepCopy . -}}
{{- $_ := set $term "matchExpressions" (append (get $term "matchExpressions" | default list) $notIn) -}}
{{- $terms = append $terms $term -}}
{{- end -}}
{{- $_ := set $required "nodeSelectorTerms" $terms -}}
{{- $_ := set $node "requiredDuringSchedulingIgnoredDuringExecution" $required -}}
{{- $_ := set $affinity "nodeAffinity" $node -}}
{{- end -}}
{{- with $affinity }}{{ toYaml . }}{{ end -}}
{{- end -}}

{{/*
The container's securityContext: the hardened default (charts/README.md, "Privileges") with the
securityContext value over it. A field given wins; a map given is merged key by key with ours; a
list (capabilities.add/drop) replaces ours. Not sprig's mergeOverwrite: it would not let false
(readOnlyRootFilesystem: false) win over true.
*/}}
{{- define "node-local-dns.securityContext" -}}
{{- $sc := dict
  "capabilities" (dict "drop" (list "ALL") "add" (list "NET_ADMIN" "NET_BIND_SERVICE" "NET_RAW"))
  "allowPrivilegeEscalation" false
  "readOnlyRootFilesystem" true
  "seccompProfile" (dict "type" "RuntimeDefault") -}}
{{- range $k, $v := .Values.securityContext -}}
{{- if and (kindIs "map" $v) (kindIs "map" (get $sc $k)) -}}
{{- $merged := deepCopy (get $sc $k) -}}
{{- range $k2, $v2 := $v }}{{ $_ := set $merged $k2 $v2 }}{{ end -}}
{{- $_ := set $sc $k $merged -}}
{{- else -}}
{{- $_ := set $sc $k $v -}}
{{- end -}}
{{- end -}}
{{- toYaml $sc -}}
{{- end -}}

{{/* The prometheus.io annotations of the pod and the metrics Service (metrics.scrapeAnnotations). */}}
{{- define "node-local-dns.scrapeAnnotations" -}}
{{- if .Values.metrics.scrapeAnnotations -}}
prometheus.io/port: {{ .Values.metrics.port | quote }}
prometheus.io/scrape: {{ include "node-local-dns.metricsOnPodIP" . | quote }}
{{- end -}}
{{- end -}}
