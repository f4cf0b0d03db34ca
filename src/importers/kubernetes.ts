/**
 * Reads Kubernetes manifests, one file or several read as one (`kubectl apply -f a -f b`):
 * workloads become components in their namespace's zone, Services and Ingresses say what is
 * exposed, NetworkPolicies say what may talk to what, and environment values and mounted
 * Secrets say what each workload calls and holds.
 */
import { matchTechnologyByImage, matchTechnologyInLabel } from '../catalog/index.js';
import { PROTOCOL_WORDS } from '../infer/protocols.js';
import { InputError, type Problem } from '../model/problems.js';
import type { Component, Flow, ThreatModel, Zone } from '../model/types.js';
import type { PathSegment } from '../model/yaml-source.js';
import { holdsLiteralSecret, hostMentions, protocolOfScheme, serviceNamedByVariable } from './container-env.js';
import type { ImportOptions, ImportResult, Importer } from './importer.js';
import {
  dig,
  isEmptySelector,
  isFields,
  listOf,
  matches,
  POD_TEMPLATE_PATHS,
  readObjects,
  selectorOf,
  type Fields,
  type KubeObject,
  type WorkloadKind,
} from './kubernetes-objects.js';
import { evaluateIngress, type PodIngress } from './kubernetes-policies.js';
import { declared, FlowSet, newComponent, newZone, shown } from './model-parts.js';
import { warningAt } from './yaml-stream.js';

interface Workload {
  object: KubeObject;
  kind: WorkloadKind;
  namespace: string;
  podLabels: Record<string, string>;
  podSpec: Fields;
  /** Path of the pod spec inside the object's document. */
  podPath: PathSegment[];
  component: Component;
}

interface ServiceEntry {
  object: KubeObject;
  /** What traffic to the Service reaches: the workloads it selects, or itself. */
  targets: Component[];
}

/** Annotations that keep a LoadBalancer on the private network, per cloud. */
const INTERNAL_LOAD_BALANCER = [
  'networking.gke.io/load-balancer-type',
  'cloud.google.com/load-balancer-type',
  'service.beta.kubernetes.io/aws-load-balancer-internal',
  'service.beta.kubernetes.io/aws-load-balancer-scheme',
  'service.beta.kubernetes.io/azure-load-balancer-internal',
] as const;

/** Kinds read for what they say about others, so not listed as skipped. */
const READ_KINDS = new Set(['Namespace', 'Service', 'Ingress', 'NetworkPolicy', 'Secret']);

export const kubernetesImporter: Importer = {
  format: 'kubernetes',
  description: 'Kubernetes manifests: multi-document YAML or JSON, several files read as one',
  severalInputs: true,
  detect(text, file) {
    if (file && !/\.(ya?ml|json)$/i.test(file)) return false;
    return /^\s{0,2}["']?apiVersion["']?\s*:/m.test(text) && /^\s{0,2}["']?kind["']?\s*:/m.test(text);
  },
  parse(text, options = {}) {
    return importKubernetes(text, options);
  },
};

function importKubernetes(text: string, options: ImportOptions): ImportResult {
  const warnings: Problem[] = [];
  const inputs = [{ text, file: options.file }, ...(options.extraInputs ?? [])];
  const objects = readObjects(inputs, warnings);
  const model = new KubernetesModel(objects, warnings).build();
  if (model.components.length === 0) {
    const policiesOnly = objects.some((o) => o.kind === 'NetworkPolicy');
    throw new InputError([...warnings, {
      severity: 'error',
      code: 'no-workloads',
      message: 'no workloads, Services or Ingresses in the input' + (policiesOnly
        ? '; NetworkPolicies need the workloads they select: pass the manifests too ' +
          '(strider analyze app.yaml policies.yaml)'
        : ''),
      file: options.file,
      line: 1,
      column: 1,
    }]);
  }
  return { model, warnings };
}

class KubernetesModel {
  private readonly namespaces = new Map<string, KubeObject | undefined>();
  private readonly workloads: Workload[] = [];
  private readonly services: ServiceEntry[] = [];
  private readonly ingresses: { object: KubeObject; component: Component }[] = [];
  private readonly policies: KubeObject[] = [];
  /** Secrets whose values are written in the input, by namespace/name. */
  private readonly literalSecrets = new Set<string>();
  private readonly skipped = new Map<string, KubeObject[]>();
  private readonly flows = new FlowSet();

  constructor(
    private readonly objects: readonly KubeObject[],
    private readonly warnings: Problem[],
  ) {}

  build(): ThreatModel {
    this.classify();
    const components = this.assignIds();
    for (const workload of this.workloads) this.readWorkload(workload);
    this.exposeServices();
    this.readIngresses();
    this.applyPolicies();
    this.reportSkipped();
    return {
      zones: this.buildZones(),
      components,
      flows: this.flows.flows,
      dataClasses: [],
    };
  }

  private classify(): void {
    for (const object of this.objects) {
      if (object.namespace !== '' && !this.namespaces.has(object.namespace)) {
        this.namespaces.set(object.namespace, undefined);
      }
      if (Object.hasOwn(POD_TEMPLATE_PATHS, object.kind)) {
        this.addWorkload(object, object.kind as WorkloadKind);
      } else if (object.kind === 'Namespace') {
        this.namespaces.set(object.name, mergeNamespace(this.namespaces.get(object.name), object));
      } else if (object.kind === 'Service') {
        this.services.push({ object, targets: [] });
      } else if (object.kind === 'Ingress') {
        this.ingresses.push({ object, component: this.newComponent(object) });
      } else if (object.kind === 'NetworkPolicy') {
        this.policies.push(object);
      } else if (object.kind === 'Secret') {
        if (isFields(object.raw.data) || isFields(object.raw.stringData)) this.noteLiteralSecret(object);
      }
      if (!Object.hasOwn(POD_TEMPLATE_PATHS, object.kind) && !READ_KINDS.has(object.kind)) {
        this.skipped.set(object.kind, [...(this.skipped.get(object.kind) ?? []), object]);
      }
    }
    for (const service of this.services) service.targets = this.serviceTargets(service.object);
  }

  private addWorkload(object: KubeObject, kind: WorkloadKind): void {
    const template: PathSegment[] = [...POD_TEMPLATE_PATHS[kind]];
    const podSpec = dig(object.raw, [...template, 'spec']);
    if (!isFields(podSpec)) {
      this.warn(object, [...template, 'spec'], 'bad-value', `${kind} '${object.name}' has no pod spec; skipped`);
      return;
    }
    const labels = dig(object.raw, [...template, 'metadata', 'labels']);
    this.workloads.push({
      object,
      kind,
      namespace: object.namespace,
      podLabels: kind === 'Pod' ? object.labels : stringLabels(labels),
      podSpec,
      podPath: [...object.path, ...template, 'spec'],
      component: this.newComponent(object),
    });
  }

  private newComponent(object: KubeObject): Component {
    const position = object.source.positionOf([...object.path, 'metadata', 'name']);
    const component = newComponent(object.name, object.name, position);
    component.zone = declared(object.namespace, `in namespace '${object.namespace}'`);
    return component;
  }

  /** Workloads a Service selects; a Service selecting none stands for itself. */
  private serviceTargets(service: KubeObject): Component[] {
    const spec = isFields(service.raw.spec) ? service.raw.spec : {};
    if (spec.type === 'ExternalName') {
      const component = this.newComponent(service);
      delete component.zone;
      component.type = declared('external', `ExternalName Service for ${shown(spec.externalName)}`);
      component.kind = declared('external-service', 'an ExternalName Service points outside the cluster');
      return [component];
    }
    const selector = selectorOf(spec.selector, true);
    if (!selector || isEmptySelector(selector)) {
      this.warn(service, ['spec'], 'no-selector', `Service '${service.name}' has no selector ` +
        '(its endpoints are managed elsewhere); modelled as a component of its own');
      return [this.newComponent(service)];
    }
    const selected = this.workloads.filter(
      (w) => w.namespace === service.namespace && matches(selector, w.podLabels),
    );
    if (selected.length > 0) return selected.map((w) => w.component);
    this.warn(service, ['spec', 'selector'], 'selects-nothing', `Service '${service.name}' selects ` +
      'no workload in the input; modelled as a component of its own');
    return [this.newComponent(service)];
  }

  /** Component IDs are names; a name used twice is qualified by namespace, then by kind. */
  private assignIds(): Component[] {
    const entries: { object: KubeObject; component: Component }[] = [
      ...this.workloads.map((w) => ({ object: w.object, component: w.component })),
      ...this.services.flatMap((s) =>
        s.targets.filter((t) => !this.workloads.some((w) => w.component === t))
          .map((component) => ({ object: s.object, component })),
      ),
      ...this.ingresses,
    ];
    const count = (key: (e: (typeof entries)[number]) => string) => {
      const counts = new Map<string, number>();
      for (const entry of entries) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
      return (entry: (typeof entries)[number]) => counts.get(key(entry))!;
    };
    const byName = count((e) => e.object.name);
    const byNamespace = count((e) => `${e.object.namespace}/${e.object.name}`);
    for (const entry of entries) {
      const { namespace, name, kind } = entry.object;
      if (byName(entry) === 1) continue;
      entry.component.id = byNamespace(entry) === 1
        ? `${namespace}/${name}`
        : `${namespace}/${kind.toLowerCase()}/${name}`;
    }
    return entries.map((entry) => entry.component);
  }

  private readWorkload(workload: Workload): void {
    const { component, podSpec, podPath, object } = workload;
    const containers = listOf(podSpec.containers);
    const technology = containers.map(imageTechnology).find((match) => match !== undefined);
    if (technology) component.technology = declared(technology.id, technology.reason);
    const holdsSecrets: string[] = [];
    const allContainers = [
      ...containers.map((c, i) => [c, ['containers', i]] as const),
      ...listOf(podSpec.initContainers).map((c, i) => [c, ['initContainers', i]] as const),
    ];
    for (const [container, at] of allContainers) {
      if (!isFields(container)) continue;
      this.readEnvironment(workload, container, [...podPath, ...at], holdsSecrets);
      this.readHostPorts(workload, container);
    }
    listOf(podSpec.volumes).forEach((volume) => {
      const name = dig(volume, ['secret', 'secretName']);
      if (typeof name === 'string') holdsSecrets.push(name);
      for (const source of listOf(dig(volume, ['projected', 'sources']))) {
        const projected = dig(source, ['secret', 'name']);
        if (typeof projected === 'string') holdsSecrets.push(projected);
      }
    });
    if (holdsSecrets.length > 0) {
      const names = [...new Set(holdsSecrets)];
      component.data = declared(['secrets'], `mounts Secret${names.length > 1 ? 's' : ''} ` +
        names.map((n) => `'${n}'`).join(', '));
      const literal = names.find((n) => this.literalSecrets.has(`${workload.namespace}/${n}`));
      if (literal) {
        component.controls['secrets-in-config'] ??= declared(true,
          `Secret '${literal}' has its values written in the manifests`);
      }
    }
    if (podSpec.hostNetwork === true) {
      component.internetExposed = declared(true, 'hostNetwork: it listens on the node\'s interfaces');
    }
    if (dig(podSpec, ['securityContext', 'runAsNonRoot']) === true) {
      component.controls['non-root'] = declared(true, `${object.kind} sets runAsNonRoot`);
    }
  }

  private readEnvironment(
    workload: Workload,
    container: Fields,
    path: PathSegment[],
    holdsSecrets: string[],
  ): void {
    const { component, object } = workload;
    for (const source of listOf(container.envFrom)) {
      const name = dig(source, ['secretRef', 'name']);
      if (typeof name === 'string') holdsSecrets.push(name);
    }
    listOf(container.env).forEach((entry, index) => {
      if (!isFields(entry) || typeof entry.name !== 'string') return;
      const secret = dig(entry, ['valueFrom', 'secretKeyRef', 'name']);
      if (typeof secret === 'string') holdsSecrets.push(secret);
      const at = [...path, 'env', index, 'value'];
      const value = entry.value === undefined || entry.value === null ? '' : String(entry.value);
      if (holdsLiteralSecret(entry.name, value)) {
        this.warnings.push(warningAt(object.source, at, 'secret-in-config', `${object.kind} ` +
          `'${object.name}': environment variable '${entry.name}' holds a literal secret (value ` +
          'not shown); read it from a Secret instead'));
        component.controls['secrets-in-config'] ??= declared(true,
          `environment variable '${entry.name}' holds a literal secret`);
      }
      this.connectByEnvironment(workload, entry.name, value, at);
    });
  }

  private connectByEnvironment(
    workload: Workload,
    name: string,
    value: string,
    at: PathSegment[],
  ): void {
    const { object } = workload;
    const position = object.source.positionOf(at);
    const mentions = hostMentions(name, value);
    for (const mention of mentions) {
      const service = this.resolveHost(mention.host, workload.namespace);
      if (!service) {
        if (looksInCluster(mention.host)) {
          this.warnings.push(warningAt(object.source, at, 'unknown-host', `${object.kind} ` +
            `'${object.name}': environment variable '${name}' names host '${mention.host}', ` +
            'which is not a Service in the input; no flow'));
        }
        continue;
      }
      const protocol = mention.scheme
        ? { value: protocolOfScheme(mention.scheme), why: `holds ${mention.how}` }
        : portProtocol(service.object, mention.port);
      for (const target of service.targets) {
        const flow = this.connect(workload.component, target, position);
        if (flow && protocol && !flow.protocol) {
          flow.protocol = declared(protocol.value, `environment variable '${name}' of ` +
            `${object.name} ${protocol.why}`);
        }
      }
    }
    const named = serviceNamedByVariable(name);
    if (mentions.length === 0 && value === '' && named) {
      const service = this.resolveHost(named, workload.namespace);
      for (const target of service?.targets ?? []) this.connect(workload.component, target, position);
    }
  }

  /** `carts`, `carts.sock-shop`, `carts.sock-shop.svc.cluster.local`: a Service, if known. */
  private resolveHost(host: string, namespace: string): ServiceEntry | undefined {
    const parts = host.replace(/\.$/, '').split('.');
    const inCluster = parts.length === 1 || this.namespaces.has(parts[1]!) ||
      /^svc(\.cluster\.local)?$/.test(parts.slice(2).join('.'));
    if (!inCluster) return undefined;
    const space = parts[1] ?? namespace;
    return this.services.find((s) => s.object.name === parts[0] && s.object.namespace === space);
  }

  private readHostPorts(workload: Workload, container: Fields): void {
    const hostPort = listOf(container.ports).map((p) => dig(p, ['hostPort'])).find((p) => p);
    if (hostPort !== undefined && !workload.component.internetExposed) {
      workload.component.internetExposed = declared(true,
        `hostPort ${String(hostPort)} opens the port on the node's interfaces`);
    }
  }

  private exposeServices(): void {
    for (const { object, targets } of this.services) {
      const type = dig(object.raw, ['spec', 'type']);
      let reason: string | undefined;
      if (type === 'LoadBalancer' && !isInternalLoadBalancer(object)) {
        reason = `LoadBalancer Service '${object.name}' gives it an external address`;
      } else if (type === 'NodePort') {
        const ports = listOf(dig(object.raw, ['spec', 'ports']))
          .map((p) => dig(p, ['nodePort'])).filter((p) => p !== undefined);
        reason = `NodePort Service '${object.name}' opens ` +
          `${ports.length > 0 ? `port ${ports.join(', ')}` : 'a port'} on every node`;
      }
      if (reason === undefined) continue;
      for (const target of targets) target.internetExposed ??= declared(true, reason);
    }
  }

  private readIngresses(): void {
    for (const { object, component } of this.ingresses) {
      component.kind = declared('reverse-proxy', 'a Kubernetes Ingress routes outside traffic in');
      component.internetExposed = declared(true, `Ingress '${object.name}' takes traffic from outside the cluster`);
      const className = dig(object.raw, ['spec', 'ingressClassName']) ??
        object.annotations['kubernetes.io/ingress.class'];
      const technology = typeof className === 'string' ? matchTechnologyInLabel(className) : undefined;
      if (technology) {
        component.technology = declared(technology.technology.id,
          `ingress class '${String(className)}' is ${technology.technology.name}`);
      }
      for (const [name, at] of ingressBackends(object)) {
        const service = this.services.find((s) => s.object.name === name && s.object.namespace === object.namespace);
        if (!service) {
          this.warn(object, at, 'unknown-service', `Ingress '${object.name}' routes to Service ` +
            `'${name}', which is not in the input; skipped`);
          continue;
        }
        for (const target of service.targets) {
          const flow = this.connect(component, target, object.source.positionOf([...object.path, ...at]));
          if (flow && !flow.protocol) {
            flow.protocol = { value: 'http', source: 'assumed',
              reason: 'an Ingress forwards HTTP; TLS, if any, ends at the ingress controller' };
          }
          target.internetExposed ??= declared(true, `routed from outside through Ingress '${object.name}'`);
        }
      }
    }
  }

  private applyPolicies(): void {
    const ingress = evaluateIngress(this.workloads, this.policies, this.namespaces, this.warnings);
    const anyPolicies = [...ingress.values()].some((entry) => entry.policies.length > 0);
    for (const workload of this.workloads) {
      const entry = ingress.get(workload)!;
      workload.component.controls['network-policy'] = policyControl(entry, anyPolicies);
      for (const rule of entry.rules) {
        for (const source of rule.sources ?? []) {
          const at = rule.policy.source.positionOf([...rule.policy.path, 'spec', 'ingress']);
          this.connect(source.component, workload.component, at);
        }
      }
    }
  }

  private buildZones(): Zone[] {
    const isolated = new Set(this.workloads
      .filter((w) => w.component.controls['network-policy']?.value === true)
      .map((w) => w.namespace));
    return [...this.namespaces.keys()].map((name) => {
      const object = this.namespaces.get(name);
      const flat = !isolated.has(name) && this.workloads.some((w) => w.namespace === name);
      const position = object?.source.positionOf([...object.path, 'metadata', 'name']);
      return newZone(name, name, {
        value: 'internal',
        source: 'assumed',
        reason: flat
          ? `Kubernetes namespace '${name}': no NetworkPolicy isolates its pods, a flat network`
          : `Kubernetes namespace '${name}'`,
      }, position);
    });
  }

  private connect(from: Component, to: Component, position?: Flow['position']): Flow | undefined {
    if (from === to) return undefined;
    return this.flows.connect(from.id, to.id, position).flow;
  }

  private noteLiteralSecret(object: KubeObject): void {
    this.literalSecrets.add(`${object.namespace}/${object.name}`);
    this.warn(object, ['metadata', 'name'], 'secret-in-config', `Secret '${object.name}' has its ` +
      'values written in the manifest (not shown); keep them out of version control');
  }

  /** One line per kind Strider does not model, pointing at its first object. */
  private reportSkipped(): void {
    for (const [kind, objects] of this.skipped) {
      const first = objects[0]!;
      this.warn(first, ['kind'], 'skipped-kind', `skipped ${objects.length} ${kind} object` +
        `${objects.length > 1 ? 's' : ''}: not part of the threat model`);
    }
  }

  private warn(object: KubeObject, path: PathSegment[], code: string, message: string): void {
    this.warnings.push(warningAt(object.source, [...object.path, ...path], code, message));
  }
}

/** A namespace declared in several files keeps the labels and annotations of all of them. */
function mergeNamespace(before: KubeObject | undefined, object: KubeObject): KubeObject {
  if (!before) return object;
  return {
    ...object,
    labels: { ...before.labels, ...object.labels },
    annotations: { ...before.annotations, ...object.annotations },
  };
}

function policyControl(
  entry: PodIngress<Workload>,
  anyPolicies: boolean,
): Component['controls']['network-policy'] {
  if (entry.policies.length === 0) {
    const reason = 'no NetworkPolicy selects it, so any pod in the cluster can reach it';
    return anyPolicies ? declared(false, reason) : { value: false, source: 'assumed', reason };
  }
  const open = entry.rules.find((rule) => rule.sources === undefined);
  if (open) {
    return declared(false, `NetworkPolicy '${open.policy.name}' admits ingress from any source`);
  }
  return declared(true, `ingress limited by ${entry.policies
    .map((p) => `${p.kind === 'Namespace' ? 'the default-deny annotation of namespace' : 'NetworkPolicy'} '${p.name}'`)
    .join(', ')}`);
}

/** The first container image the catalog knows names the workload's technology. */
function imageTechnology(container: unknown): { id: string; reason: string } | undefined {
  const image = dig(container, ['image']);
  if (typeof image !== 'string') return undefined;
  const match = matchTechnologyByImage(image);
  return match && { id: match.technology.id, reason: `image '${image}' is ${match.technology.name}` };
}

/** Services an Ingress routes to (v1 and the older v1beta1 fields), with where each is named. */
function ingressBackends(ingress: KubeObject): [string, PathSegment[]][] {
  const found: [string, PathSegment[]][] = [];
  const add = (backend: unknown, at: PathSegment[]) => {
    const name = dig(backend, ['service', 'name']) ?? dig(backend, ['serviceName']);
    if (typeof name === 'string') found.push([name, at]);
  };
  add(dig(ingress.raw, ['spec', 'defaultBackend']), ['spec', 'defaultBackend']);
  add(dig(ingress.raw, ['spec', 'backend']), ['spec', 'backend']);
  listOf(dig(ingress.raw, ['spec', 'rules'])).forEach((rule, r) => {
    listOf(dig(rule, ['http', 'paths'])).forEach((path, p) => {
      add(dig(path, ['backend']), ['spec', 'rules', r, 'http', 'paths', p, 'backend']);
    });
  });
  return found;
}

/** The protocol a Service port's name or appProtocol gives, when it is a known one. */
function portProtocol(service: KubeObject, port: number | undefined) {
  const ports = listOf(dig(service.raw, ['spec', 'ports']));
  const chosen = ports.find((p) => dig(p, ['port']) === port) ?? (ports.length === 1 ? ports[0] : undefined);
  const word = dig(chosen, ['appProtocol']) ?? dig(chosen, ['name']);
  const meaning = typeof word === 'string' ? PROTOCOL_WORDS[word.toLowerCase()] : undefined;
  return meaning && {
    value: meaning.protocol,
    why: `reaches Service '${service.name}' on its port named '${String(word)}'`,
  };
}

function isInternalLoadBalancer(service: KubeObject): boolean {
  return INTERNAL_LOAD_BALANCER.some((key) => {
    const value = service.annotations[key]?.toLowerCase();
    return value === 'internal' || value === 'true';
  });
}

/** A host that can only be meant inside the cluster: a bare name or a `.svc` address. */
function looksInCluster(host: string): boolean {
  return /^[a-z0-9-]+$/.test(host) && host !== 'localhost' || /\.svc(\.cluster\.local)?$/.test(host);
}

function stringLabels(raw: unknown): Record<string, string> {
  if (!isFields(raw)) return {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value)]));
}
