/**
 * Reads Kubernetes manifests, one file or several read as one (`kubectl apply -f a -f b`):
 * workloads become components in their namespace's zone, Services and Ingresses say what is
 * exposed, NetworkPolicies say what may talk to what, and environment values and mounted
 * Secrets say what each workload calls and holds.
 */
import { matchTechnologyInLabel } from '../catalog/index.js';
import { InputError, type Problem } from '../model/problems.js';
import type { Component, Flow, ThreatModel, Zone } from '../model/types.js';
import type { PathSegment } from '../model/yaml-source.js';
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
  type KubeObject,
  type WorkloadKind,
} from './kubernetes-objects.js';
import { evaluateIngress, type PodIngress } from './kubernetes-policies.js';
import {
  readWorkload,
  type ServiceEntry,
  type Workload,
  type WorkloadContext,
} from './kubernetes-workloads.js';
import { declared, FlowSet, newComponent, newZone, shown } from './model-parts.js';
import { warningAt } from './yaml-stream.js';

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
    // Top-level keys: YAML at column 0, JSON (kubectl writes 4 spaces) a little indented.
    const key = (name: string) => new RegExp(`^\\s{0,4}["']?${name}["']?\\s*:`, 'm');
    return key('apiVersion').test(text) && key('kind').test(text);
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
    throw new InputError([
      ...warnings,
      {
        severity: 'error',
        code: 'no-workloads',
        message:
          'no workloads, Services or Ingresses in the input' +
          (policiesOnly
            ? '; NetworkPolicies need the workloads they select: pass the manifests too ' +
              '(strider analyze app.yaml policies.yaml)'
            : ''),
        file: options.file,
        line: 1,
        column: 1,
      },
    ]);
  }
  return { model, warnings };
}

class KubernetesModel {
  private readonly namespaces = new Map<string, KubeObject | undefined>();
  private readonly workloads: Workload[] = [];
  private readonly services: ServiceEntry[] = [];
  /** Services by namespace/name, for the hosts environment values and Ingresses name. */
  private readonly servicesByName = new Map<string, ServiceEntry>();
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
    const context: WorkloadContext = {
      warnings: this.warnings,
      literalSecrets: this.literalSecrets,
      resolveHost: (host, namespace) => this.resolveHost(host, namespace),
      connect: (from, to, position) => this.connect(from, to, position),
    };
    for (const workload of this.workloads) readWorkload(workload, context);
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
        const literal = isFields(object.raw.data) || isFields(object.raw.stringData);
        if (literal) this.noteLiteralSecret(object);
      }
      if (!Object.hasOwn(POD_TEMPLATE_PATHS, object.kind) && !READ_KINDS.has(object.kind)) {
        const skipped = this.skipped.get(object.kind);
        if (skipped) skipped.push(object);
        else this.skipped.set(object.kind, [object]);
      }
    }
    const byLabel = indexByLabel(this.workloads);
    for (const service of this.services) {
      service.targets = this.serviceTargets(service.object, byLabel);
      this.servicesByName.set(`${service.object.namespace}/${service.object.name}`, service);
    }
  }

  private addWorkload(object: KubeObject, kind: WorkloadKind): void {
    const template: PathSegment[] = [...POD_TEMPLATE_PATHS[kind]];
    const podSpec = dig(object.raw, [...template, 'spec']);
    if (!isFields(podSpec)) {
      this.warn(
        object,
        [...template, 'spec'],
        'bad-value',
        `${kind} '${object.name}' has no pod spec; skipped`,
      );
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
  private serviceTargets(service: KubeObject, byLabel: Map<string, Workload[]>): Component[] {
    const spec = isFields(service.raw.spec) ? service.raw.spec : {};
    if (spec.type === 'ExternalName') {
      const component = this.newComponent(service);
      delete component.zone;
      component.type = declared('external', `ExternalName Service for ${shown(spec.externalName)}`);
      component.kind = declared(
        'external-service',
        'an ExternalName Service points outside the cluster',
      );
      return [component];
    }
    const selector = selectorOf(spec.selector, true);
    if (!selector || isEmptySelector(selector)) {
      this.warn(
        service,
        ['spec'],
        'no-selector',
        `Service '${service.name}' has no selector ` +
          '(its endpoints are managed elsewhere); modelled as a component of its own',
      );
      return [this.newComponent(service)];
    }
    const [key, value] = Object.entries(selector.matchLabels)[0]!;
    const candidates = byLabel.get(labelKey(service.namespace, key, value)) ?? [];
    const selected = candidates.filter((w) => matches(selector, w.podLabels));
    if (selected.length > 0) return selected.map((w) => w.component);
    this.warn(
      service,
      ['spec', 'selector'],
      'selects-nothing',
      `Service '${service.name}' ` +
        'selects no workload in the input; modelled as a component of its own',
    );
    return [this.newComponent(service)];
  }

  /** Component IDs are names; a name used twice is qualified by namespace, then by kind. */
  private assignIds(): Component[] {
    const ofWorkloads = new Set(this.workloads.map((w) => w.component));
    const entries: { object: KubeObject; component: Component }[] = [
      ...this.workloads.map((w) => ({ object: w.object, component: w.component })),
      ...this.services.flatMap((s) =>
        s.targets
          .filter((t) => !ofWorkloads.has(t))
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
      entry.component.id =
        byNamespace(entry) === 1
          ? `${namespace}/${name}`
          : `${namespace}/${kind.toLowerCase()}/${name}`;
    }
    return entries.map((entry) => entry.component);
  }

  /** `carts`, `carts.sock-shop`, `carts.sock-shop.svc.cluster.local`: a Service, if known. */
  private resolveHost(host: string, namespace: string): ServiceEntry | undefined {
    const parts = host.replace(/\.$/, '').split('.');
    const inCluster =
      parts.length === 1 ||
      this.namespaces.has(parts[1]!) ||
      /^svc(\.cluster\.local)?$/.test(parts.slice(2).join('.'));
    if (!inCluster) return undefined;
    const space = parts[1] ?? namespace;
    return this.servicesByName.get(`${space}/${parts[0]}`);
  }

  private exposeServices(): void {
    for (const { object, targets } of this.services) {
      const type = dig(object.raw, ['spec', 'type']);
      let reason: string | undefined;
      if (type === 'LoadBalancer' && !isInternalLoadBalancer(object)) {
        reason = `LoadBalancer Service '${object.name}' gives it an external address`;
      } else if (type === 'NodePort') {
        const ports = listOf(dig(object.raw, ['spec', 'ports']))
          .map((p) => dig(p, ['nodePort']))
          .filter((p) => p !== undefined);
        reason =
          `NodePort Service '${object.name}' opens ` +
          `${ports.length > 0 ? `port ${ports.join(', ')}` : 'a port'} on every node`;
      }
      if (reason === undefined) continue;
      for (const target of targets) target.internetExposed ??= declared(true, reason);
    }
  }

  private readIngresses(): void {
    for (const { object, component } of this.ingresses) {
      component.kind = declared('reverse-proxy', 'a Kubernetes Ingress routes outside traffic in');
      component.internetExposed = declared(
        true,
        `Ingress '${object.name}' takes traffic from outside the cluster`,
      );
      const className =
        dig(object.raw, ['spec', 'ingressClassName']) ??
        object.annotations['kubernetes.io/ingress.class'];
      const technology =
        typeof className === 'string' ? matchTechnologyInLabel(className) : undefined;
      if (technology) {
        component.technology = declared(
          technology.technology.id,
          `ingress class '${String(className)}' is ${technology.technology.name}`,
        );
      }
      for (const [name, at] of ingressBackends(object)) {
        const service = this.servicesByName.get(`${object.namespace}/${name}`);
        if (!service) {
          this.warn(
            object,
            at,
            'unknown-service',
            `Ingress '${object.name}' routes to Service ` +
              `'${shown(name)}', which is not in the input; skipped`,
          );
          continue;
        }
        for (const target of service.targets) {
          const position = object.source.positionOf([...object.path, ...at]);
          const flow = this.connect(component, target, position);
          if (flow && !flow.protocol) {
            flow.protocol = {
              value: 'http',
              source: 'assumed',
              reason: 'an Ingress forwards HTTP; TLS, if any, ends at the ingress controller',
            };
          }
          target.internetExposed ??= declared(
            true,
            `routed from outside through Ingress '${object.name}'`,
          );
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
    const isolated = new Set(
      this.workloads
        .filter((w) => w.component.controls['network-policy']?.value === true)
        .map((w) => w.namespace),
    );
    return [...this.namespaces.keys()].map((name) => {
      const object = this.namespaces.get(name);
      const flat = !isolated.has(name) && this.workloads.some((w) => w.namespace === name);
      const position = object?.source.positionOf([...object.path, 'metadata', 'name']);
      return newZone(
        name,
        name,
        {
          value: 'internal',
          source: 'assumed',
          reason: flat
            ? `Kubernetes namespace '${name}': no NetworkPolicy isolates its pods, a flat network`
            : `Kubernetes namespace '${name}'`,
        },
        position,
      );
    });
  }

  private connect(from: Component, to: Component, position?: Flow['position']): Flow | undefined {
    if (from === to) return undefined;
    return this.flows.connect(from.id, to.id, position).flow;
  }

  private noteLiteralSecret(object: KubeObject): void {
    this.literalSecrets.add(`${object.namespace}/${object.name}`);
    this.warn(
      object,
      ['metadata', 'name'],
      'secret-in-config',
      `Secret '${object.name}' has its ` +
        'values written in the manifest (not shown); keep them out of version control',
    );
  }

  /** One line per kind Strider does not model, pointing at its first object. */
  private reportSkipped(): void {
    for (const [kind, objects] of this.skipped) {
      const first = objects[0]!;
      this.warn(
        first,
        ['kind'],
        'skipped-kind',
        `skipped ${objects.length} ${kind} object` +
          `${objects.length > 1 ? 's' : ''}: not part of the threat model`,
      );
    }
  }

  private warn(object: KubeObject, path: PathSegment[], code: string, message: string): void {
    this.warnings.push(warningAt(object.source, [...object.path, ...path], code, message));
  }
}

/** Workloads by namespace and pod label, so a Service's selector looks at few candidates. */
function indexByLabel(workloads: readonly Workload[]): Map<string, Workload[]> {
  const index = new Map<string, Workload[]>();
  for (const workload of workloads) {
    for (const [key, value] of Object.entries(workload.podLabels)) {
      const at = labelKey(workload.namespace, key, value);
      const list = index.get(at);
      if (list) list.push(workload);
      else index.set(at, [workload]);
    }
  }
  return index;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
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
  const names = entry.policies.map((policy) =>
    policy.kind === 'Namespace'
      ? `the default-deny annotation of namespace '${policy.name}'`
      : `NetworkPolicy '${policy.name}'`,
  );
  return declared(true, `ingress limited by ${names.join(', ')}`);
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

function isInternalLoadBalancer(service: KubeObject): boolean {
  return INTERNAL_LOAD_BALANCER.some((key) => {
    const value = service.annotations[key]?.toLowerCase();
    return value === 'internal' || value === 'true';
  });
}

function stringLabels(raw: unknown): Record<string, string> {
  if (!isFields(raw)) return {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value)]));
}
