/**
 * Kubernetes objects as the importer needs them: found in multi-document streams and `List`
 * kinds, each with its namespace, labels and the place it was written, and label selectors
 * evaluated the way the API server does.
 */
import type { Problem } from '../model/problems.js';
import type { PathSegment, SourceDocument } from '../model/yaml-source.js';
import { shown } from './model-parts.js';
import { readYamlDocuments, warningAt } from './yaml-stream.js';

export type Fields = Record<string, unknown>;

export interface KubeObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  raw: Fields;
  source: SourceDocument;
  /** Where the object sits in its document: [] or ['items', 3] inside a List. */
  path: PathSegment[];
}

/** Kinds that run pods, and where each keeps its pod template. */
export const POD_TEMPLATE_PATHS = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
} as const satisfies Record<string, readonly string[]>;

export type WorkloadKind = keyof typeof POD_TEMPLATE_PATHS;

/** Kinds that hold no namespace of their own. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
  'Node',
]);

const KUSTOMIZE_API = /^kustomize\.config\.k8s\.io\//;

/** Reads every object of every input; documents that are not objects are reported. */
export function readObjects(
  inputs: readonly { text: string; file?: string }[],
  warnings: Problem[],
): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const input of inputs) {
    for (const source of readYamlDocuments(input.text, input.file)) {
      collect(source, source.value, [], objects, warnings);
    }
  }
  return objects;
}

function collect(
  source: SourceDocument,
  value: unknown,
  path: PathSegment[],
  objects: KubeObject[],
  warnings: Problem[],
): void {
  if (!isFields(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    warnings.push(
      warningAt(
        source,
        path,
        'not-an-object',
        'skipped: not a Kubernetes object (no kind and apiVersion)',
      ),
    );
    return;
  }
  if (KUSTOMIZE_API.test(value.apiVersion)) {
    warnings.push(
      warningAt(
        source,
        path,
        'unsupported',
        `skipped: a kustomize ${value.kind} is ` +
          'not rendered here; pass the output of `kubectl kustomize` instead',
      ),
    );
    return;
  }
  if (value.kind === 'List' || /List$/.test(value.kind)) {
    const items = Array.isArray(value.items) ? value.items : [];
    items.forEach((item, index) => {
      collect(source, item, [...path, 'items', index], objects, warnings);
    });
    return;
  }
  const metadata = isFields(value.metadata) ? value.metadata : {};
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    warnings.push(
      warningAt(source, path, 'no-name', `skipped: ${shown(value.kind)} without metadata.name`),
    );
    return;
  }
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  objects.push({
    kind: value.kind,
    apiVersion: value.apiVersion,
    name: metadata.name,
    namespace: CLUSTER_SCOPED.has(value.kind) ? '' : namespace,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    raw: value,
    source,
    path,
  });
}

/** A label selector: `matchLabels` and `matchExpressions`, or a plain map (Service selectors). */
export interface Selector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** Reads a selector; undefined when the field is absent. An empty selector selects everything. */
export function selectorOf(raw: unknown, plainMap = false): Selector | undefined {
  if (raw === undefined) return undefined;
  if (!isFields(raw)) return { matchLabels: {}, matchExpressions: [] };
  if (plainMap) return { matchLabels: stringMap(raw), matchExpressions: [] };
  const expressions = Array.isArray(raw.matchExpressions) ? raw.matchExpressions : [];
  return {
    matchLabels: stringMap(raw.matchLabels),
    matchExpressions: expressions.filter(isFields).map((e) => ({
      key: String(e.key),
      operator: String(e.operator),
      values: Array.isArray(e.values) ? e.values.map(String) : [],
    })),
  };
}

export function matches(selector: Selector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  return selector.matchExpressions.every(({ key, operator, values }) => {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        return has && values.includes(labels[key]!);
      case 'NotIn':
        return !has || !values.includes(labels[key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

export function isEmptySelector(selector: Selector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** `app=frontend, tier in (web)` for messages. */
export function describeSelector(selector: Selector): string {
  const parts = Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values } of selector.matchExpressions) {
    const list = values.length > 0 ? ` (${values.join(', ')})` : '';
    parts.push(`${key} ${operator}${list}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'any labels';
}

/** The value at `path` below `root`, or undefined where a step is missing. */
export function dig(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringMap(raw: unknown): Record<string, string> {
  if (!isFields(raw)) return {};
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    map[key] = String(value);
  }
  return map;
}
