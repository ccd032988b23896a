{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "aperilex-flow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "aperilex-flow.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aperilex-flow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels on every object. */}}
{{- define "aperilex-flow.labels" -}}
helm.sh/chart: {{ include "aperilex-flow.chart" . }}
app.kubernetes.io/name: {{ include "aperilex-flow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: aperilex
{{- end }}

{{/* Labels of one workload (component: api or worker), with the selector labels. */}}
{{- define "aperilex-flow.componentLabels" -}}
{{ include "aperilex-flow.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of one workload: stable across upgrades. */}}
{{- define "aperilex-flow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aperilex-flow.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "aperilex-flow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aperilex-flow.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aperilex-flow.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
auth.mode, refusing "none" (the body's email is the identity: anyone may act as anyone) unless
auth.allowInsecure says so.
*/}}
{{- define "aperilex-flow.authMode" -}}
{{- if and (eq .Values.auth.mode "none") (not .Values.auth.allowInsecure) -}}
{{- fail "auth.mode none trusts the request body's email as the caller's identity: set auth.mode jwt with auth.issuerUri (or auth.jwkSetUri), or auth.allowInsecure: true for a cluster nobody else can reach" -}}
{{- end -}}
{{- if eq .Values.auth.mode "jwt" -}}
{{- /* The service refuses to start without them: say so at install instead of a crash loop. */ -}}
{{- $_ := required "auth.mode is jwt: set auth.issuerUri (the OIDC provider, e.g. --set auth.issuerUri=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example) or auth.jwkSetUri" (or .Values.auth.issuerUri .Values.auth.jwkSetUri) -}}
{{- $_ := required "auth.mode is jwt: set auth.audience, the audience (aud) the provider issues this service's tokens for (e.g. --set auth.audience=aperilex-frontend)" .Values.auth.audience -}}
{{- end -}}
{{- .Values.auth.mode -}}
{{- end }}

{{/*
Where the stream tokens' HMAC key comes from (the service refuses to start without one, outside dev). local: the
key APERILEX_EVENTS_TOKEN_KEY of existingSecret, as the environment variable of that name the environment secret
provider reads. aws: auth.streamTokenSecret names the Secrets Manager secret (aperilex.events.token-secret).
*/}}
{{- define "aperilex-flow.streamTokenEnv" -}}
{{- if eq .Values.profile "local" -}}
- name: APERILEX_EVENTS_TOKEN_KEY
  valueFrom:
    secretKeyRef:
      name: {{ required "profile local reads the stream-token key from existingSecret (key APERILEX_EVENTS_TOKEN_KEY, e.g. --from-literal=APERILEX_EVENTS_TOKEN_KEY=\"$(openssl rand -hex 32)\"): set existingSecret" .Values.existingSecret }}
      key: APERILEX_EVENTS_TOKEN_KEY
{{- else -}}
- name: APERILEX_EVENTS_TOKENSECRET
  value: {{ required "profile aws reads the stream-token key from Secrets Manager: set auth.streamTokenSecret to the secret's name or ARN (at least 32 random characters; the Pulumi program creates one)" .Values.auth.streamTokenSecret | quote }}
{{- end -}}
{{- end }}

{{/*
The pod template both workloads share. Arguments: root (the chart context), component (api or
worker), workload (.Values.api or .Values.worker), workerEnabled ("true"/"false").
*/}}
{{- define "aperilex-flow.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
metadata:
  labels:
    {{- include "aperilex-flow.componentLabels" (dict "root" $root "component" .component) | nindent 4 }}
    {{- with $v.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # Roll the pods when configuration or routes change.
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- with $v.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "aperilex-flow.serviceAccountName" $root }}
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  {{- if .terminationGracePeriodSeconds }}
  terminationGracePeriodSeconds: {{ .terminationGracePeriodSeconds }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "aperilex-flow.image" $root | quote }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      securityContext:
        {{- toYaml $v.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
        - name: management
          containerPort: {{ $v.management.port }}
          protocol: TCP
      env:
        - name: SPRING_PROFILES_ACTIVE
          value: {{ $v.profile | quote }}
        - name: APERILEX_EDGAR_USERAGENT
          value: {{ required "edgar.userAgent is required: \"Company Name contact@domain\" (SEC fair access)" $v.edgar.userAgent | quote }}
        - name: APERILEX_WORKER_ENABLED
          value: {{ .workerEnabled | quote }}
        - name: APERILEX_AUTH_MODE
          value: {{ include "aperilex-flow.authMode" $root | quote }}
        {{- if $v.auth.allowInsecure }}
        # The service's own guard refuses mode none outside dev unless told the same.
        - name: APERILEX_AUTH_ALLOWINSECURE
          value: "true"
        {{- end }}
        {{- with $v.auth.issuerUri }}
        - name: APERILEX_AUTH_ISSUERURI
          value: {{ . | quote }}
        {{- end }}
        {{- with $v.auth.audience }}
        - name: APERILEX_AUTH_AUDIENCE
          value: {{ . | quote }}
        {{- end }}
        {{- with $v.auth.jwkSetUri }}
        - name: APERILEX_AUTH_JWKSETURI
          value: {{ . | quote }}
        {{- end }}
        {{- include "aperilex-flow.streamTokenEnv" $root | nindent 8 }}
        # Actuator on its own port, which the Ingress never routes to.
        - name: MANAGEMENT_SERVER_PORT
          value: {{ $v.management.port | quote }}
        # Behind the Ingress: X-Forwarded-Proto/For from the cluster's proxies (Tomcat's RemoteIpValve trusts
        # private addresses only) make a TLS request secure, so HSTS is sent and redirects keep https.
        - name: SERVER_FORWARDHEADERSSTRATEGY
          value: native
        - name: SPRING_CONFIG_ADDITIONALLOCATION
          value: "optional:file:/etc/aperilex/config/"
        {{- if $v.extraRoutes }}
        - name: APERILEX_ROUTES_INCLUDEPATTERN
          # Top-level files only: a mounted ConfigMap also holds ..data and timestamped directories
          # with the same files, which a recursive pattern would load twice.
          value: "classpath:camel/**/*.yaml,file:/etc/aperilex/routes/*.yaml"
        {{- end }}
        - name: JAVA_TOOL_OPTIONS
          value: {{ .workload.javaOpts | quote }}
        {{- with $v.env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- if $v.existingSecret }}
      envFrom:
        - secretRef:
            name: {{ $v.existingSecret }}
      {{- end }}
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ $v.probes.startup.periodSeconds }}
        failureThreshold: {{ $v.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ $v.probes.liveness.periodSeconds }}
        failureThreshold: {{ $v.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: management
        periodSeconds: {{ $v.probes.readiness.periodSeconds }}
        failureThreshold: {{ $v.probes.readiness.failureThreshold }}
      resources:
        {{- toYaml .workload.resources | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        - name: config
          mountPath: /etc/aperilex/config
          readOnly: true
        - name: data
          mountPath: {{ $v.storage.mountPath }}
        {{- if $v.extraRoutes }}
        - name: routes
          mountPath: /etc/aperilex/routes
          readOnly: true
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
    - name: config
      configMap:
        name: {{ include "aperilex-flow.fullname" $root }}-config
    - name: data
      {{- if $v.storage.existingClaim }}
      persistentVolumeClaim:
        claimName: {{ $v.storage.existingClaim }}
      {{- else }}
      emptyDir: {}
      {{- end }}
    {{- if $v.extraRoutes }}
    - name: routes
      configMap:
        name: {{ include "aperilex-flow.fullname" $root }}-routes
    {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
