{{/*
Object names are fixed, as in the upstream manifest: the agent finds kube-dns-upstream's ClusterIP
through the env var Kubernetes derives from the Service's name (KUBE_DNS_UPSTREAM_SERVICE_HOST).
*/}}
{{- define "node-local-dns.name" -}}
node-local-dns
{{- end -}}

{{- define "node-local-dns.upstreamService" -}}
kube-dns-upstream
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
What the agent serves on (-localip) and binds in the Corefile: in iptables mode the local IP and
the kube-dns ClusterIP, in IPVS mode the local IP only (kube-proxy keeps the ClusterIP).
*/}}
{{- define "node-local-dns.listenIPs" -}}
{{- if eq .Values.mode "iptables" -}}
{{- list .Values.localIP (include "node-local-dns.kubeDNSIP" .) | toJson -}}
{{- else -}}
{{- list .Values.localIP | toJson -}}
{{- end -}}
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
A `cache` directive from a zone's cache values: `cache [TTL]`, with a block for the tiers that
are set. A tier's TTL without its capacity gets the runtime's default capacity, 9984.
*/}}
{{- define "node-local-dns.cache" -}}
cache{{ with .ttl }} {{ . }}{{ end }}
{{- if or .success .successTTL .denial .denialTTL }} {
{{- if or .success .successTTL }}
    success {{ .success | default 9984 }}{{ with .successTTL }} {{ . }}{{ end }}
{{- end }}
{{- if or .denial .denialTTL }}
    denial {{ .denial | default 9984 }}{{ with .denialTTL }} {{ . }}{{ end }}
{{- end }}
}
{{- end }}
{{- end -}}

{{/*
One server block. Argument: a dict with root (the chart's context), zone, cache (a cache values
map), upstream (forward's servers), forceTCP, and probes (true for the block that serves /health
and /ready).
*/}}
{{- define "node-local-dns.serverBlock" -}}
{{- $v := .root.Values -}}
{{ .zone }}:53 {
    errors
{{- if $v.logQueries }}
    log
{{- end }}
    {{- include "node-local-dns.cache" .cache | nindent 4 }}
    reload
    loop
    bind {{ include "node-local-dns.listenIPs" .root | fromJsonArray | join " " }}
    forward . {{ .upstream }}{{ if .forceTCP }} {
        force_tcp
    }{{ end }}
    prometheus {{ include "node-local-dns.metricsListen" .root }}
{{- if .probes }}
    health {{ include "node-local-dns.hostPort" (list $v.localIP $v.healthPort) }}
    ready {{ include "node-local-dns.hostPort" (list $v.localIP $v.readyPort) }}
{{- end }}
}
{{- end -}}

{{/* The Corefile: upstream's four server blocks, then the stub zones. */}}
{{- define "node-local-dns.corefile" -}}
{{- $v := .Values -}}
{{- $cluster := include "node-local-dns.clusterUpstream" . -}}
{{- include "node-local-dns.serverBlock" (dict "root" . "zone" $v.clusterDomain "cache" $v.cache.cluster "upstream" $cluster "forceTCP" $v.forceTCP "probes" true) }}
{{- range list "in-addr.arpa" "ip6.arpa" }}
{{ include "node-local-dns.serverBlock" (dict "root" $ "zone" . "cache" $v.cache.reverse "upstream" $cluster "forceTCP" $v.forceTCP) }}
{{- end }}
{{ include "node-local-dns.serverBlock" (dict "root" . "zone" "." "cache" $v.cache.external "upstream" (include "node-local-dns.externalUpstream" .)) }}
{{- range $v.stubZones }}
{{ include "node-local-dns.serverBlock" (dict "root" $ "zone" .zone "cache" (dict "ttl" (.cacheTTL | default 30)) "upstream" (join " " .servers) "forceTCP" .forceTCP) }}
{{- end }}
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
