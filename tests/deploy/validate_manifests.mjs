// Validates the Kubernetes manifests in k8s/: builds the base and each
// overlay with `kubectl kustomize`, checks every object against the
// Kubernetes schemas (npm kubernetes-models, offline), then checks what the
// schemas cannot: that the objects fit together.
//
//   node tests/deploy/validate_manifests.mjs --server=build/server/rxlocator-server
//
// Options: --server=PATH (required: rxlocator-server, whose --help lists the
// flags the arguments may use), --source=DIR (the repository; default: two
// levels up from here), --kubectl=PATH (default: $KUBECTL, else kubectl on
// the PATH).
// Needs `npm ci --prefix tests/oracles`. Exits 1 listing every problem.
//
// After checking the real manifests it breaks copies of them on purpose
// (a selector, a port, a ConfigMap name, ...) and requires each break to be
// reported, so that a check that can no longer fail does not go unnoticed.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const options = { source: path.resolve(here, "../.."), kubectl: process.env.KUBECTL || "kubectl", server: "" };
for (const arg of process.argv.slice(2)) {
  const m = /^--(source|kubectl|server)=(.*)$/.exec(arg);
  if (!m) {
    console.error(`unknown argument ${arg}`);
    process.exit(2);
  }
  options[m[1]] = m[2];
}
const source = path.resolve(options.source);
if (!options.server) {
  console.error("needs --server=PATH, the rxlocator-server binary (its --help lists the flags)");
  process.exit(2);
}

// --- kubernetes-models, from tests/oracles ----------------------------------
const oracles = path.join(source, "tests/oracles");
if (!existsSync(path.join(oracles, "node_modules/kubernetes-models"))) {
  console.error("kubernetes-models is missing: run npm ci --prefix tests/oracles");
  process.exit(1);
}
const require = createRequire(path.join(oracles, "package.json"));
const YAML = require("yaml");

// The model class for an apiVersion and kind, or null.
function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  try {
    return require(module)[kind] ?? null;
  } catch {
    return null;
  }
}

// --- building ----------------------------------------------------------------
const targets = [
  { name: "base", dir: "k8s/base", overlay: false },
  { name: "dev", dir: "k8s/overlays/dev", overlay: true },
  { name: "prod", dir: "k8s/overlays/prod", overlay: true },
];

function kustomize(dir) {
  return execFileSync(options.kubectl, ["kustomize", path.join(source, dir)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function parseDocuments(text) {
  const objects = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(doc.errors.map(String).join("; "));
    const obj = doc.toJS();
    if (obj !== null) objects.push(obj);
  }
  return objects;
}

// --- what the checks know from outside the manifests ------------------------

// Flags that name a file the server reads, as FORMAT:PATH or PATH.
const fileFlags = new Set([
  "redis_password_file", "tls_cert", "tls_key", "tls_client_ca", "writer_token_file",
  "drug_catalog", "pharmacies", "networks", "plans", "stock", "zips",
]);

// The flags rxlocator-server accepts, from its --help.
function serverFlags() {
  let out;
  try {
    out = execFileSync(options.server, ["--help"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    console.error(`cannot run ${options.server} --help: ${e.message}`);
    process.exit(1);
  }
  return new Set([...out.matchAll(/--([a-z][a-z0-9_]*)/g)].map((m) => m[1]));
}

// The Dockerfile's USER uid and where it puts the bundled data.
function dockerfileFacts() {
  const text = readFileSync(path.join(source, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const users = [...text.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
  const uid = users.length ? Number(users[users.length - 1].split(":")[0]) : NaN;
  const dataDir = /-DRXLOCATOR_DATA_DIR=(\S+)/.exec(text)?.[1] ?? null;
  return { uid, dataDir };
}

// The Secrets the operator creates, from the table in docs/deploy.md's
// "Secrets" section: | `name` | `key`, `key` | overlay, overlay | ... |
function documentedSecrets(docText) {
  const section = /^## Secrets[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(docText)?.[1] ?? "";
  const secrets = [];
  for (const line of section.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length < 3) continue;
    const name = /^`([a-z0-9.-]+)`$/.exec(cells[0])?.[1];
    if (!name) continue;
    const keys = [...cells[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const overlays = cells[2].split(/[,\s]+/).filter(Boolean);
    secrets.push({ name, keys, overlays });
  }
  return secrets;
}

// --- helpers -----------------------------------------------------------------
const podTemplateKinds = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);
const id = (o) => `${o.kind}/${o.metadata?.name}`;

function selectorMatches(selector, labels) {
  if (!selector) return false;
  labels = labels || {};
  for (const [k, v] of Object.entries(selector.matchLabels || {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions || []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}
const isEmptySelector = (s) => !s || (!Object.keys(s.matchLabels || {}).length && !(s.matchExpressions || []).length);
const mapSelector = (labels) => ({ matchLabels: labels || {} });

// Splits "--name=value" (or "--name").
function splitFlag(arg) {
  const m = /^--([A-Za-z0-9_]+)(?:=(.*))?$/s.exec(arg);
  return m ? { name: m[1], value: m[2] } : null;
}
function portOf(hostPort) {
  const m = /:(\d+)$/.exec(hostPort || "");
  return m ? Number(m[1]) : null;
}

// --- the checks ----------------------------------------------------------------
// Returns a list of problems with the objects of one build.
function check(objects, ctx) {
  const problems = [];
  const fail = (o, msg) => problems.push(o ? `${id(o)}: ${msg}` : msg);

  // Schemas.
  for (const o of objects) {
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      fail(null, `an object without apiVersion, kind or metadata.name: ${JSON.stringify(o).slice(0, 120)}`);
      continue;
    }
    const Model = modelFor(o.apiVersion, o.kind);
    if (!Model) {
      fail(o, `no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      fail(o, `does not match the ${o.apiVersion} ${o.kind} schema: ${e.message}`);
    }
  }

  // Names and namespaces.
  const seen = new Set();
  for (const o of objects) {
    const key = `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
    if (seen.has(key)) fail(o, "defined twice");
    seen.add(key);
    if (ctx.namespace !== undefined && o.metadata?.namespace !== ctx.namespace)
      fail(o, `namespace is ${o.metadata?.namespace}, not the overlay's ${ctx.namespace}`);
  }
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const workloads = objects.filter((o) => podTemplateKinds.has(o.kind));
  const podLabels = (w) => w.spec?.template?.metadata?.labels || {};
  const selected = (selector) => workloads.filter((w) => selectorMatches(selector, podLabels(w)));
  const containerPorts = (w) => (w.spec?.template?.spec?.containers || []).flatMap((c) => c.ports || []);
  // A Service or NetworkPolicy port (number or name) among a workload's ports.
  const resolvesIn = (w, port, protocol = "TCP") =>
    containerPorts(w).some(
      (p) => (typeof port === "number" ? p.containerPort === port : p.name === port) && (p.protocol || "TCP") === protocol,
    );

  const server = find("Deployment", "rxlocator");
  const redis = find("StatefulSet", "rxlocator-redis");
  if (!server) fail(null, "no Deployment rxlocator");
  if (!redis) fail(null, "no StatefulSet rxlocator-redis");

  // Workloads: selectors, pods, containers.
  for (const w of workloads) {
    const spec = w.spec?.template?.spec || {};
    if (!selectorMatches(w.spec?.selector, podLabels(w)) || isEmptySelector(w.spec?.selector))
      fail(w, "spec.selector does not select its own pod template");
    for (const other of workloads)
      if (other !== w && selectorMatches(w.spec?.selector, podLabels(other)))
        fail(w, `spec.selector also selects the pods of ${id(other)}`);
    for (const t of spec.topologySpreadConstraints || [])
      if (!selectorMatches(t.labelSelector, podLabels(w)))
        fail(w, `topology spread on ${t.topologyKey} does not select its own pods`);
    if (spec.automountServiceAccountToken !== false) fail(w, "mounts a service account token it does not need");
    const psc = spec.securityContext || {};
    const volumes = new Map((spec.volumes || []).map((v) => [v.name, v]));

    for (const c of spec.containers || []) {
      const where = `container ${c.name}`;
      const sc = c.securityContext || {};
      if (!(sc.runAsNonRoot ?? psc.runAsNonRoot)) fail(w, `${where} may run as root (runAsNonRoot)`);
      const uid = sc.runAsUser ?? psc.runAsUser;
      if (!(uid > 0)) fail(w, `${where} has no non-root numeric runAsUser`);
      if (sc.readOnlyRootFilesystem !== true) fail(w, `${where} has a writable root filesystem`);
      if (sc.allowPrivilegeEscalation !== false) fail(w, `${where} allows privilege escalation`);
      if (!(sc.capabilities?.drop || []).includes("ALL")) fail(w, `${where} does not drop all capabilities`);
      if ((psc.seccompProfile?.type ?? sc.seccompProfile?.type) !== "RuntimeDefault")
        fail(w, `${where} has no RuntimeDefault seccomp profile`);
      for (const kind of ["requests", "limits"])
        for (const r of ["cpu", "memory"])
          if (c.resources?.[kind]?.[r] === undefined) fail(w, `${where} has no ${r} ${kind.slice(0, -1)}`);
      if (!c.livenessProbe || !c.readinessProbe) fail(w, `${where} lacks a liveness or readiness probe`);
      const image = c.image ?? "";
      if (!image || /:latest$/.test(image)) fail(w, `${where} image ${image} is not pinned`);
      else if (ctx.name === "prod" && !/[:@]/.test(image.split("/").pop())) fail(w, `${where} image ${image} has no tag`);
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe].filter(Boolean)) {
        const port = probe.grpc?.port ?? probe.tcpSocket?.port ?? probe.httpGet?.port;
        if (port !== undefined && !resolvesIn(w, port)) fail(w, `${where} probes port ${port}, which it does not expose`);
      }

      // ConfigMaps and Secrets the container reads from, and $(VAR)s.
      const env = new Map();
      for (const from of c.envFrom || []) {
        if (from.configMapRef) {
          const cm = find("ConfigMap", from.configMapRef.name);
          if (!cm) fail(w, `${where} takes its environment from ConfigMap ${from.configMapRef.name}, which does not exist`);
          else for (const [k, v] of Object.entries(cm.data || {})) env.set(k, v);
        }
        if (from.secretRef) ctx.secretRefs.push({ w, name: from.secretRef.name, key: "*" });
      }
      for (const e of c.env || []) {
        if (e.value !== undefined) env.set(e.name, e.value);
        const cmRef = e.valueFrom?.configMapKeyRef;
        if (cmRef) {
          const cm = find("ConfigMap", cmRef.name);
          if (!cm || !(cmRef.key in (cm.data || {})))
            fail(w, `${where} env ${e.name} reads ConfigMap ${cmRef.name} key ${cmRef.key}, which does not exist`);
          else env.set(e.name, cm.data[cmRef.key]);
        }
        const secRef = e.valueFrom?.secretKeyRef;
        if (secRef) {
          ctx.secretRefs.push({ w, name: secRef.name, key: secRef.key });
          env.set(e.name, "<secret>");
        }
        if (e.valueFrom?.fieldRef || e.valueFrom?.resourceFieldRef) env.set(e.name, "<downward>");
        if (e.valueFrom?.resourceFieldRef?.containerName && e.valueFrom.resourceFieldRef.containerName !== c.name)
          fail(w, `${where} env ${e.name} reads the resources of another container`);
      }
      const expand = (s) =>
        s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v) => {
          if (!env.has(v)) {
            fail(w, `${where} uses $(${v}), which no env or envFrom defines (Kubernetes would pass it on literally)`);
            return all;
          }
          return env.get(v);
        });
      const args = [...(c.command || []), ...(c.args || [])].map(expand);

      // Every file a flag names is mounted: a ConfigMap key that exists, or
      // a Secret key (checked against the documented Secrets below).
      const mountFor = (file) =>
        (c.volumeMounts || [])
          .filter((m) => file === m.mountPath || file.startsWith(m.mountPath.replace(/\/?$/, "/")))
          .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
      const checkFile = (flag, file) => {
        if (ctx.dataDir && file.startsWith(ctx.dataDir + "/")) {
          if (!existsSync(path.join(source, "data", file.slice(ctx.dataDir.length + 1))))
            fail(w, `--${flag} names ${file}, which is not among the image's data files`);
          return;
        }
        const mount = mountFor(file);
        if (!mount) return fail(w, `--${flag} names ${file}, which no volume mount provides`);
        const volume = volumes.get(mount.name);
        if (!volume) return fail(w, `${where} mounts volume ${mount.name}, which the pod does not define`);
        const rel = file.slice(mount.mountPath.replace(/\/?$/, "/").length);
        const from = volume.configMap ?? volume.secret;
        if (!from) return;
        const key = from.items ? from.items.find((i) => i.path === rel)?.key : rel;
        if (key === undefined) return fail(w, `--${flag} names ${file}, but volume ${mount.name} has no item at ${rel}`);
        if (volume.configMap) {
          const cm = find("ConfigMap", volume.configMap.name);
          if (cm && !(key in (cm.data || {})) && !(key in (cm.binaryData || {})))
            fail(w, `--${flag} names ${file}, but ConfigMap ${cm.metadata.name} has no key ${key}`);
        }
      };

      if (w === server) {
        const flags = args.map(splitFlag);
        const flagValue = (name) => flags.filter((f) => f && f.name === name).map((f) => f.value);
        for (const [i, f] of flags.entries()) {
          if (!f) {
            fail(w, `argument ${args[i]} is not a --flag=value`);
            continue;
          }
          if (!ctx.serverFlags.has(f.name))
            fail(w, `--${f.name} is not a flag rxlocator-server knows (its --help)`);
          if (fileFlags.has(f.name) && f.value !== undefined) {
            const file = f.value.includes(":") && !f.value.startsWith("/") ? f.value.slice(f.value.indexOf(":") + 1) : f.value;
            checkFile(f.name, file);
          }
        }
        // Ports in the flags are the container's ports, and the probes'.
        const portNamed = (name) => c.ports?.find((p) => p.name === name)?.containerPort;
        const expected = { listen: "grpc", health_listen: "health", metrics_listen: "metrics" };
        for (const [flag, portName] of Object.entries(expected)) {
          const values = flagValue(flag);
          if (values.length !== 1) {
            fail(w, `needs exactly one --${flag}`);
            continue;
          }
          if (portOf(values[0]) !== portNamed(portName))
            fail(w, `--${flag}=${values[0]} is not containerPort ${portName} (${portNamed(portName)})`);
        }
        if ((c.ports || []).length !== Object.keys(expected).length)
          fail(w, `exposes ${(c.ports || []).length} ports; the server listens on ${Object.keys(expected).length}`);
        const healthPort = portOf(flagValue("health_listen")[0]);
        for (const [kind, probe] of Object.entries({ startup: c.startupProbe, liveness: c.livenessProbe, readiness: c.readinessProbe })) {
          if (!probe?.grpc) fail(w, `needs a native gRPC ${kind} probe`);
          else if (probe.grpc.port !== healthPort)
            fail(w, `${kind} probe uses port ${probe.grpc.port}, not --health_listen's ${healthPort}`);
        }
        const annotations = w.spec?.template?.metadata?.annotations || {};
        if (annotations["prometheus.io/port"] && Number(annotations["prometheus.io/port"]) !== portNamed("metrics"))
          fail(w, `prometheus.io/port ${annotations["prometheus.io/port"]} is not the metrics port ${portNamed("metrics")}`);

        // Termination: lame duck, then drain, must end inside the grace
        // period, and liveness must not kill a replica that is stopping.
        const seconds = (name) => {
          const v = flagValue(name);
          if (v.length !== 1 || !/^\d+$/.test(v[0])) {
            fail(w, `needs --${name} set to a whole number of seconds`);
            return NaN;
          }
          return Number(v[0]);
        };
        const stopping = seconds("lame_duck_seconds") + seconds("drain_seconds");
        const grace = spec.terminationGracePeriodSeconds ?? 30;
        if (!(grace > stopping))
          fail(w, `terminationGracePeriodSeconds ${grace} is not longer than lame duck + drain (${stopping} s)`);
        const live = c.livenessProbe;
        if (live && !((live.periodSeconds ?? 10) * (live.failureThreshold ?? 3) > stopping))
          fail(w, `the liveness probe gives up within lame duck + drain (${stopping} s), when health is NOT_SERVING`);

        // --redis names a Service in front of the Redis pods, on its port.
        const redisFlag = flagValue("redis")[0];
        if (redisFlag === undefined) fail(w, "has no --redis");
        else {
          const m = /^([^:]+):(\d+)$/.exec(redisFlag);
          const svcName = m?.[1].split(".")[0];
          const svc = m && find("Service", svcName);
          const svcPort = svc?.spec?.ports?.find((p) => p.port === Number(m[2]));
          if (!svc) fail(w, `--redis=${redisFlag} names no Service here`);
          else if (!redis || !selectorMatches(svc.spec.selector, podLabels(redis)))
            fail(w, `--redis=${redisFlag}: Service ${svcName} does not select the Redis pods`);
          else if (!svcPort || !resolvesIn(redis, svcPort.targetPort ?? svcPort.port))
            fail(w, `--redis=${redisFlag}: port ${m[2]} is not a Service port that reaches Redis`);
        }
        if (flagValue("redis").length && flagValue("redis_password_file").length !== 1)
          fail(w, "talks to Redis without --redis_password_file");
        if (ctx.imageUid !== undefined && (c.securityContext?.runAsUser ?? psc.runAsUser) !== ctx.imageUid)
          fail(w, `runs as uid ${c.securityContext?.runAsUser ?? psc.runAsUser}, not the image's USER ${ctx.imageUid}`);
      }
    }

    // Volumes: ConfigMaps exist with their keys; Secrets are recorded.
    for (const v of spec.volumes || []) {
      if (v.configMap) {
        const cm = find("ConfigMap", v.configMap.name);
        if (!cm) fail(w, `volume ${v.name} mounts ConfigMap ${v.configMap.name}, which does not exist`);
        else
          for (const item of v.configMap.items || [])
            if (!(item.key in (cm.data || {})) && !(item.key in (cm.binaryData || {})))
              fail(w, `volume ${v.name}: ConfigMap ${v.configMap.name} has no key ${item.key}`);
      }
      if (v.secret) {
        const keys = (v.secret.items || []).map((i) => i.key);
        for (const key of keys.length ? keys : ["*"]) ctx.secretRefs.push({ w, name: v.secret.secretName, key });
      }
    }
    for (const c of spec.containers || [])
      for (const m of c.volumeMounts || [])
        if (!volumes.has(m.name) && !(w.spec?.volumeClaimTemplates || []).some((t) => t.metadata?.name === m.name))
          fail(w, `container ${c.name} mounts ${m.name}, which is neither a volume nor a claim template`);
  }

  // Services select pods and reach a port they expose.
  for (const s of byKind("Service")) {
    const pods = selected(s.spec?.selector && mapSelector(s.spec.selector));
    if (isEmptySelector(mapSelector(s.spec?.selector)) || !pods.length) {
      fail(s, "selects no pods");
      continue;
    }
    for (const p of s.spec.ports || [])
      for (const w of pods)
        if (!resolvesIn(w, p.targetPort ?? p.port, p.protocol || "TCP"))
          fail(s, `port ${p.name ?? p.port} targets ${p.targetPort ?? p.port}, which ${id(w)} does not expose`);
  }
  if (server) {
    const serverServices = byKind("Service").filter((s) => selectorMatches(mapSelector(s.spec?.selector), podLabels(server)));
    if (!serverServices.some((s) => s.spec.clusterIP === "None"))
      fail(null, "no headless Service (clusterIP: None) for client-side balancing over the server pods");
    if (!serverServices.some((s) => s.spec.clusterIP !== "None" && (s.spec.type ?? "ClusterIP") === "ClusterIP"))
      fail(null, "no ClusterIP Service over the server pods");
  }
  for (const st of byKind("StatefulSet")) {
    const governing = find("Service", st.spec?.serviceName);
    if (!governing || governing.spec.clusterIP !== "None" || !selectorMatches(mapSelector(governing.spec.selector), podLabels(st)))
      fail(st, `serviceName ${st.spec?.serviceName} is not a headless Service selecting its pods`);
  }

  // HorizontalPodAutoscalers and PodDisruptionBudgets.
  for (const h of byKind("HorizontalPodAutoscaler")) {
    const ref = h.spec?.scaleTargetRef || {};
    const target = find(ref.kind, ref.name);
    if (!target || target.apiVersion !== ref.apiVersion) {
      fail(h, `scaleTargetRef ${ref.apiVersion} ${ref.kind}/${ref.name} does not exist`);
      continue;
    }
    const min = h.spec.minReplicas ?? 1;
    const replicas = target.spec.replicas ?? 1;
    if (!(min <= replicas && replicas <= h.spec.maxReplicas))
      fail(h, `${id(target)} has ${replicas} replicas, outside minReplicas ${min} .. maxReplicas ${h.spec.maxReplicas}`);
    for (const metric of h.spec.metrics || []) {
      const r = metric.resource?.name;
      if (metric.type === "Resource" && metric.resource?.target?.type === "Utilization")
        for (const c of target.spec.template.spec.containers)
          if (c.resources?.requests?.[r] === undefined)
            fail(h, `scales on ${r} utilization, but container ${c.name} of ${id(target)} requests no ${r}`);
    }
  }
  for (const p of byKind("PodDisruptionBudget")) {
    const pods = selected(p.spec?.selector);
    if (pods.length !== 1) {
      fail(p, `selects the pods of ${pods.length} workloads; it should guard exactly one`);
      continue;
    }
    const w = pods[0];
    const hpa = byKind("HorizontalPodAutoscaler").find((h) => h.spec?.scaleTargetRef?.name === w.metadata.name);
    const fewest = Math.min(w.spec.replicas ?? 1, hpa?.spec?.minReplicas ?? Infinity);
    if (typeof p.spec.minAvailable === "number" && p.spec.minAvailable >= fewest)
      fail(p, `minAvailable ${p.spec.minAvailable} with ${fewest} replicas blocks every node drain`);
    if (p.spec.maxUnavailable === 0) fail(p, "maxUnavailable 0 blocks every node drain");
  }

  // NetworkPolicies: each selects real pods, in-namespace peers are real
  // pods, ports are ports those pods expose; every pod is covered; only the
  // server reaches Redis.
  const policies = byKind("NetworkPolicy");
  for (const np of policies) {
    const pods = selected(np.spec?.podSelector);
    if (!pods.length) fail(np, "podSelector selects no pods");
    for (const [dir, peersKey] of [["ingress", "from"], ["egress", "to"]]) {
      for (const rule of np.spec?.[dir] || []) {
        const localPeers = (rule[peersKey] || []).filter((peer) => peer.podSelector && !peer.namespaceSelector);
        const peerPods = [];
        for (const peer of localPeers) {
          const matched = selected(peer.podSelector);
          if (!matched.length) fail(np, `${dir} peer ${JSON.stringify(peer.podSelector)} selects no pods here`);
          peerPods.push(...matched);
        }
        for (const peer of (rule[peersKey] || []).filter((p) => p.namespaceSelector)) {
          for (const [k, v] of Object.entries({ ...peer.podSelector?.matchLabels, ...peer.namespaceSelector?.matchLabels }))
            if (!ctx.docText.includes(`${k}: "${v}"`) && !ctx.docText.includes(`${k}=${v}`))
              fail(np, `${dir} admits pods or namespaces labelled ${k}=${v}, which docs/deploy.md does not tell operators about`);
        }
        // Ports are the destination's: ours for ingress, the peers' for egress.
        const destinations = dir === "ingress" ? pods : peerPods;
        for (const port of rule.ports || [])
          for (const w of destinations)
            if (port.port !== undefined && !resolvesIn(w, port.port, port.protocol || "TCP"))
              fail(np, `${dir} port ${port.port} is not a port ${id(w)} exposes`);
      }
    }
  }
  for (const w of workloads) {
    const covering = policies.filter((np) => selectorMatches(np.spec?.podSelector, podLabels(w)));
    if (!covering.some((np) => (np.spec.policyTypes || ["Ingress"]).includes("Ingress")))
      fail(w, "no NetworkPolicy limits who may connect to its pods");
  }
  if (redis) {
    for (const np of policies.filter((np) => selectorMatches(np.spec?.podSelector, podLabels(redis))))
      for (const rule of np.spec.ingress || []) {
        const peers = rule.from || [];
        const onlyServer =
          peers.length > 0 &&
          peers.every((p) => p.podSelector && !p.namespaceSelector && !p.ipBlock && selected(p.podSelector).every((w) => w === server));
        if (!onlyServer) fail(np, "lets something other than the rxlocator server pods reach Redis");
      }
  }
  return problems;
}

// Checks the Secret references of one build against docs/deploy.md.
function checkSecrets(objects, ctx) {
  const problems = [];
  const documented = ctx.secrets;
  const defined = (name) => objects.some((o) => o.kind === "Secret" && o.metadata.name === name);
  const used = new Set();
  for (const ref of ctx.secretRefs) {
    if (defined(ref.name)) continue;
    const doc = documented.find((s) => s.name === ref.name);
    if (!doc) problems.push(`${id(ref.w)}: reads Secret ${ref.name}, which neither exists here nor is in docs/deploy.md's Secrets table`);
    else if (ref.key === "*") problems.push(`${id(ref.w)}: reads all of Secret ${ref.name}; name the keys it needs`);
    else if (!doc.keys.includes(ref.key))
      problems.push(`${id(ref.w)}: reads key ${ref.key} of Secret ${ref.name}, which docs/deploy.md does not list`);
    else if (ctx.overlay && !doc.overlays.includes(ctx.name))
      problems.push(`${id(ref.w)}: reads Secret ${ref.name}, which docs/deploy.md does not list for ${ctx.name}`);
    used.add(`${ref.name}/${ref.key}`);
  }
  if (ctx.overlay)
    for (const doc of documented.filter((s) => s.overlays.includes(ctx.name)))
      for (const key of doc.keys)
        if (!used.has(`${doc.name}/${key}`))
          problems.push(`docs/deploy.md lists Secret ${doc.name} key ${key} for ${ctx.name}, but nothing there reads it`);
  return problems;
}

function checkAll(objects, target, shared) {
  const ctx = { ...shared, name: target.name, overlay: target.overlay, secretRefs: [] };
  if (target.overlay) ctx.namespace = objects.find((o) => o.metadata?.namespace)?.metadata.namespace;
  if (target.overlay && !ctx.namespace) return ["an overlay must set a namespace"];
  const problems = check(objects, ctx);
  return problems.concat(checkSecrets(objects, ctx));
}

// --- deliberate breakage: each must be reported ------------------------------
const clone = (x) => JSON.parse(JSON.stringify(x));
const get = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const serverContainer = (objs) => get(objs, "Deployment", "rxlocator").spec.template.spec.containers[0];
const breakages = [
  ["a Service selector that matches no pod", (o) => { get(o, "Service", "rxlocator-headless").spec.selector["app.kubernetes.io/component"] = "sever"; }],
  ["a Service targetPort the pods lack", (o) => { get(o, "Service", "rxlocator").spec.ports[0].targetPort = "grcp"; }],
  ["a containerPort unlike --listen", (o) => { serverContainer(o).ports[0].containerPort = 50061; }],
  ["a probe off the health port", (o) => { serverContainer(o).readinessProbe.grpc.port = 50051; }],
  ["a grace period within lame duck + drain", (o) => { get(o, "Deployment", "rxlocator").spec.template.spec.terminationGracePeriodSeconds = 25; }],
  ["a missing ConfigMap", (o) => { serverContainer(o).envFrom[0].configMapRef.name = "rxlocator-flagz"; }],
  ["an undefined $(VAR)", (o) => { serverContainer(o).args.push("--redis_timeout_ms=$(REDIS_TIMEOUT)"); }],
  ["an undocumented Secret", (o) => { get(o, "Deployment", "rxlocator").spec.template.spec.volumes.find((v) => v.secret).secret.secretName = "redis-pass"; }],
  ["an HPA aimed at nothing", (o) => { get(o, "HorizontalPodAutoscaler", "rxlocator").spec.scaleTargetRef.name = "rxlocater"; }],
  ["a PDB over the wrong pods", (o) => { get(o, "PodDisruptionBudget", "rxlocator").spec.selector.matchLabels["app.kubernetes.io/name"] = "rxlocator-redis"; }],
  ["a NetworkPolicy opening Redis to everyone", (o) => { get(o, "NetworkPolicy", "rxlocator-redis").spec.ingress[0].from = [{ namespaceSelector: {} }]; }],
  ["a NetworkPolicy selecting nothing", (o) => { get(o, "NetworkPolicy", "rxlocator").spec.podSelector.matchLabels["app.kubernetes.io/name"] = "locator"; }],
  ["a mistyped flag", (o) => { serverContainer(o).args.push("--lame_duck=5"); }],
  ["--redis at a Service that is not there", (o) => { get(o, "ConfigMap", o.find((x) => x.kind === "ConfigMap" && x.data?.REDIS_ADDRESS).metadata.name).data.REDIS_ADDRESS = "redis:6379"; }],
  ["a file flag outside every mount", (o) => { serverContainer(o).args.push("--plans=/etc/rxlocator/plans.csv"); }],
  ["a writable root filesystem", (o) => { serverContainer(o).securityContext.readOnlyRootFilesystem = false; }],
  ["a schema error", (o) => { get(o, "Deployment", "rxlocator").spec.replicas = "three"; }],
];

// --- main ----------------------------------------------------------------------
const docText = readFileSync(path.join(source, "docs/deploy.md"), "utf8");
const docker = dockerfileFacts();
const shared = {
  docText,
  secrets: documentedSecrets(docText),
  serverFlags: serverFlags(),
  imageUid: Number.isInteger(docker.uid) ? docker.uid : undefined,
  dataDir: docker.dataDir,
};
let failures = 0;
const report = (what, problems) => {
  for (const p of problems) console.error(`FAIL ${what}: ${p}`);
  failures += problems.length;
};
if (!shared.secrets.length) report("docs/deploy.md", ["no Secrets table under a \"## Secrets\" heading"]);
if (shared.imageUid === undefined) report("Dockerfile", ["no numeric USER"]);

let kubectlVersion = "";
try {
  kubectlVersion = execFileSync(options.kubectl, ["version", "--client"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    .split("\n")[0];
} catch {}
console.log(`kubectl: ${options.kubectl} (${kubectlVersion.trim()})`);

let prod = null;
for (const target of targets) {
  let objects;
  try {
    objects = parseDocuments(kustomize(target.dir));
  } catch (e) {
    const why = (e.stderr || e.message).toString().split("\n").filter((l) => l.trim() && !l.startsWith("# Warning"));
    report(target.name, [`kubectl kustomize ${target.dir} failed: ${why.join(" / ")}`]);
    continue;
  }
  const problems = checkAll(objects, target, shared);
  report(target.name, problems);
  const kinds = [...new Set(objects.map((o) => o.kind))].sort().join(", ");
  console.log(`${problems.length ? "FAIL" : "ok  "} ${target.name}: ${objects.length} objects (${kinds})`);
  if (target.name === "prod") prod = { objects, target };
}

// Only a clean prod shows whether each break is caught.
if (prod && !checkAll(prod.objects, prod.target, shared).length) {
  let missed = 0;
  for (const [what, breakIt] of breakages) {
    const objects = clone(prod.objects);
    breakIt(objects);
    if (!checkAll(objects, prod.target, shared).length) {
      report("self-test", [`prod with ${what} passed every check`]);
      missed++;
    }
  }
  console.log(`${missed ? "FAIL" : "ok  "} self-test: ${breakages.length - missed} of ${breakages.length} deliberate breakages of prod reported`);
} else {
  console.log("skip self-test: prod must pass first");
}
if (failures) {
  console.error(`${failures} problem(s)`);
  process.exit(1);
}
