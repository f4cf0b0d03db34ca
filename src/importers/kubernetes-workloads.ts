/**
 * What a workload's pod spec says about it: the technology its images name, the Secrets it
 * mounts, literal secrets in its environment, the Services its environment names, and
 * whether it listens on the node itself.
 */
import { matchTechnologyByImage } from '../catalog/index.js';
import { PROTOCOL_WORDS } from '../infer/protocols.js';
import type { Problem } from '../model/problems.js';
import type { Component, Flow, SourcePosition } from '../model/types.js';
import type { PathSegment } from '../model/yaml-source.js';
import { readCommandLineAuth } from './command-line-auth.js';
import {
  holdsLiteralSecret,
  hostMentions,
  protocolOfScheme,
  serviceNamedByVariable,
} from './container-env.js';
import {
  dig,
  isFields,
  listOf,
  type Fields,
  type KubeObject,
  type WorkloadKind,
} from './kubernetes-objects.js';
import { declared, keepContainerInside, shown } from './model-parts.js';
import { warningAt } from './yaml-stream.js';

export interface Workload {
  object: KubeObject;
  kind: WorkloadKind;
  namespace: string;
  podLabels: Record<string, string>;
  podSpec: Fields;
  /** Path of the pod spec inside the object's document. */
  podPath: PathSegment[];
  component: Component;
}

export interface ServiceEntry {
  object: KubeObject;
  /** What traffic to the Service reaches: the workloads it selects, or itself. */
  targets: Component[];
}

/** What reading a workload needs from the rest of the manifests. */
export interface WorkloadContext {
  warnings: Problem[];
  /** Secrets whose values are written in the input, as namespace/name. */
  literalSecrets: ReadonlySet<string>;
  resolveHost(host: string, namespace: string): ServiceEntry | undefined;
  connect(from: Component, to: Component, position?: SourcePosition): Flow | undefined;
}

export function readWorkload(workload: Workload, context: WorkloadContext): void {
  const { component, podSpec, podPath, object } = workload;
  const containers = listOf(podSpec.containers);
  const technology = containers.map(imageTechnology).find((match) => match !== undefined);
  if (technology) component.technology = declared(technology.id, technology.reason);
  keepContainerInside(component);
  for (const container of containers) {
    const words = ['command', 'args'].flatMap((key) => listOf(dig(container, [key])));
    const name = dig(container, ['name']);
    readCommandLineAuth(
      component,
      words.filter((word): word is string => typeof word === 'string'),
      `container '${shown(name ?? '')}' command line`,
    );
  }
  const secrets = mountedSecrets(podSpec);
  const everyContainer = [
    ...containers.map((c, i) => [c, ['containers', i]] as const),
    ...listOf(podSpec.initContainers).map((c, i) => [c, ['initContainers', i]] as const),
  ];
  for (const [container, at] of everyContainer) {
    if (!isFields(container)) continue;
    secrets.push(...readEnvironment(workload, container, [...podPath, ...at], context));
    exposeHostPorts(workload, container);
  }
  if (secrets.length > 0) markSecrets(workload, [...new Set(secrets)].sort(), context);
  if (podSpec.hostNetwork === true) {
    component.internetExposed = declared(true, "hostNetwork: it listens on the node's interfaces");
  }
  if (dig(podSpec, ['securityContext', 'runAsNonRoot']) === true) {
    component.controls['non-root'] = declared(true, `${object.kind} sets runAsNonRoot`);
  }
}

/** Secrets mounted as volumes, directly or projected. */
function mountedSecrets(podSpec: Fields): string[] {
  const names: string[] = [];
  for (const volume of listOf(podSpec.volumes)) {
    const name = dig(volume, ['secret', 'secretName']);
    if (typeof name === 'string') names.push(name);
    for (const source of listOf(dig(volume, ['projected', 'sources']))) {
      const projected = dig(source, ['secret', 'name']);
      if (typeof projected === 'string') names.push(projected);
    }
  }
  return names;
}

function markSecrets(workload: Workload, names: string[], context: WorkloadContext): void {
  const { component, namespace } = workload;
  component.data = declared(
    ['secrets'],
    `mounts Secret${names.length > 1 ? 's' : ''} ` + names.map((name) => `'${name}'`).join(', '),
  );
  const literal = names.find((name) => context.literalSecrets.has(`${namespace}/${name}`));
  if (literal) {
    component.controls['secrets-in-config'] ??= declared(
      true,
      `Secret '${literal}' has its values written in the manifests`,
    );
  }
}

/** Reads one container's environment; returns the Secrets it references. */
function readEnvironment(
  workload: Workload,
  container: Fields,
  path: PathSegment[],
  context: WorkloadContext,
): string[] {
  const { component, object } = workload;
  const secrets: string[] = [];
  for (const source of listOf(container.envFrom)) {
    const name = dig(source, ['secretRef', 'name']);
    if (typeof name === 'string') secrets.push(name);
  }
  listOf(container.env).forEach((entry, index) => {
    if (!isFields(entry) || typeof entry.name !== 'string') return;
    const secret = dig(entry, ['valueFrom', 'secretKeyRef', 'name']);
    if (typeof secret === 'string') secrets.push(secret);
    const at = [...path, 'env', index, 'value'];
    const value = entry.value === undefined || entry.value === null ? '' : String(entry.value);
    if (holdsLiteralSecret(entry.name, value)) {
      context.warnings.push(
        warningAt(
          object.source,
          at,
          'secret-in-config',
          `${object.kind} ` +
            `'${object.name}': environment variable '${entry.name}' holds a literal secret ` +
            '(value not shown); read it from a Secret instead',
        ),
      );
      component.controls['secrets-in-config'] ??= declared(
        true,
        `environment variable '${entry.name}' holds a literal secret`,
      );
    }
    connectByEnvironment(workload, entry.name, value, at, context);
  });
  return secrets;
}

/** Services a variable's value names become flows; failing a value, a name like `CART_HOST`. */
function connectByEnvironment(
  workload: Workload,
  name: string,
  value: string,
  at: PathSegment[],
  context: WorkloadContext,
): void {
  const { object, component, namespace } = workload;
  const position = object.source.positionOf(at);
  const mentions = hostMentions(name, value);
  for (const mention of mentions) {
    const service = context.resolveHost(mention.host, namespace);
    if (!service) {
      if (looksInCluster(mention.host)) {
        context.warnings.push(
          warningAt(
            object.source,
            at,
            'unknown-host',
            `${object.kind} ` +
              `'${object.name}': environment variable '${name}' names host ` +
              `'${shown(mention.host)}', which is not a Service in the input; no flow`,
          ),
        );
      }
      continue;
    }
    const protocol = mention.scheme
      ? { value: protocolOfScheme(mention.scheme), why: `holds ${mention.how}` }
      : portProtocol(service.object, mention.port);
    for (const target of service.targets) {
      const flow = context.connect(component, target, position);
      if (flow && protocol && !flow.protocol) {
        flow.protocol = declared(
          protocol.value,
          `environment variable '${name}' of ${object.name} ${protocol.why}`,
        );
      }
    }
  }
  const named = serviceNamedByVariable(name);
  if (mentions.length > 0 || value !== '' || !named) return;
  for (const target of context.resolveHost(named, namespace)?.targets ?? []) {
    context.connect(component, target, position);
  }
}

function exposeHostPorts(workload: Workload, container: Fields): void {
  const hostPort = listOf(container.ports)
    .map((p) => dig(p, ['hostPort']))
    .find((p) => p);
  if (hostPort !== undefined && !workload.component.internetExposed) {
    workload.component.internetExposed = declared(
      true,
      `hostPort ${shown(hostPort)} opens the port on the node's interfaces`,
    );
  }
}

/** The first container image the catalog knows names the workload's technology. */
function imageTechnology(container: unknown): { id: string; reason: string } | undefined {
  const image = dig(container, ['image']);
  if (typeof image !== 'string') return undefined;
  const match = matchTechnologyByImage(image);
  if (!match) return undefined;
  return { id: match.technology.id, reason: `image '${image}' is ${match.technology.name}` };
}

/** The protocol a Service port's name or appProtocol gives, when it is a known one. */
function portProtocol(service: KubeObject, port: number | undefined) {
  const ports = listOf(dig(service.raw, ['spec', 'ports']));
  const chosen =
    ports.find((p) => dig(p, ['port']) === port) ?? (ports.length === 1 ? ports[0] : undefined);
  const word = dig(chosen, ['appProtocol']) ?? dig(chosen, ['name']);
  const meaning = typeof word === 'string' ? PROTOCOL_WORDS[word.toLowerCase()] : undefined;
  return (
    meaning && {
      value: meaning.protocol,
      why: `reaches Service '${service.name}' on its port named '${String(word)}'`,
    }
  );
}

/** A host that can only be meant inside the cluster: a bare name or a `.svc` address. */
function looksInCluster(host: string): boolean {
  return (
    (/^[a-z0-9-]+$/.test(host) && host !== 'localhost') || /\.svc(\.cluster\.local)?$/.test(host)
  );
}
