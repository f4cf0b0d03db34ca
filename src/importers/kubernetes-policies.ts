/**
 * NetworkPolicy ingress semantics, as the API server applies them: a pod selected by no
 * ingress policy accepts traffic from anywhere (the namespace is a flat network); once
 * selected, it accepts only what some rule of some selecting policy allows.
 */
import type { Problem } from '../model/problems.js';
import {
  describeSelector,
  dig,
  isEmptySelector,
  isFields,
  listOf,
  matches,
  selectorOf,
  type KubeObject,
  type Selector,
} from './kubernetes-objects.js';
import { shown } from './model-parts.js';
import { warningAt } from './yaml-stream.js';

/** A pod-running object, reduced to what policies select on. */
export interface PodOwner {
  namespace: string;
  podLabels: Record<string, string>;
}

export interface IngressRule<P extends PodOwner> {
  /** Undefined when the rule admits every source (no `from`, or `- {}`). */
  sources?: P[];
  /** Where the rule was written, for reasons. */
  policy: KubeObject;
}

export interface PodIngress<P extends PodOwner> {
  /** The policies selecting the pod for ingress; empty means nothing restricts it. */
  policies: KubeObject[];
  rules: IngressRule<P>[];
}

/** The legacy annotation (Kubernetes before 1.7) that made a namespace deny by default. */
const LEGACY_ISOLATION = 'net.beta.kubernetes.io/network-policy';

/**
 * Works out, for every pod owner, which policies select it and which sources each rule lets
 * in. Selectors that match nothing in the input are reported: they protect or admit nothing.
 */
export function evaluateIngress<P extends PodOwner>(
  owners: readonly P[],
  policies: readonly KubeObject[],
  namespaces: ReadonlyMap<string, KubeObject | undefined>,
  warnings: Problem[],
): Map<P, PodIngress<P>> {
  const result = new Map<P, PodIngress<P>>(owners.map((o) => [o, { policies: [], rules: [] }]));
  for (const [name, namespace] of namespaces) {
    if (!namespace || !isLegacyDenyAll(namespace)) continue;
    for (const owner of owners) {
      if (owner.namespace === name) result.get(owner)!.policies.push(namespace);
    }
  }
  for (const policy of policies) {
    if (!appliesToIngress(policy.raw)) continue;
    const selector = selectorOf(dig(policy.raw, ['spec', 'podSelector'])) ?? emptySelector();
    const selected = owners.filter(
      (o) => o.namespace === policy.namespace && matches(selector, o.podLabels),
    );
    if (selected.length === 0 && !isEmptySelector(selector)) {
      warnings.push(
        warningAt(
          policy.source,
          [...policy.path, 'spec', 'podSelector'],
          'selects-nothing',
          `NetworkPolicy '${policy.name}' selects pods with ` +
            `${shown(describeSelector(selector))}, and no workload in the input has them: ` +
            'it protects nothing',
        ),
      );
    }
    const rules = listOf(dig(policy.raw, ['spec', 'ingress'])).map((rule, index) =>
      ruleSources(rule, index, policy, owners, namespaces, warnings),
    );
    for (const owner of selected) {
      const entry = result.get(owner)!;
      entry.policies.push(policy);
      entry.rules.push(...rules);
    }
  }
  return result;
}

function appliesToIngress(raw: unknown): boolean {
  const types = dig(raw, ['spec', 'policyTypes']);
  // Without policyTypes, every policy restricts ingress (and egress only if it has rules).
  return !Array.isArray(types) || types.includes('Ingress');
}

function admitsAnyAddress(peer: unknown): boolean {
  const cidr = dig(peer, ['ipBlock', 'cidr']);
  return cidr === '0.0.0.0/0' || cidr === '::/0';
}

function isLegacyDenyAll(namespace: KubeObject): boolean {
  const annotation = namespace.annotations[LEGACY_ISOLATION];
  return annotation !== undefined && /"isolation"\s*:\s*"DefaultDeny"/.test(annotation);
}

function ruleSources<P extends PodOwner>(
  rule: unknown,
  index: number,
  policy: KubeObject,
  owners: readonly P[],
  namespaces: ReadonlyMap<string, KubeObject | undefined>,
  warnings: Problem[],
): IngressRule<P> {
  const peers = isFields(rule) ? listOf(rule.from) : [];
  if (peers.length === 0 || peers.some(admitsAnyAddress)) return { policy };
  const sources = new Set<P>();
  peers.forEach((peer, peerIndex) => {
    if (!isFields(peer) || peer.ipBlock !== undefined) return;
    const pods = selectorOf(peer.podSelector) ?? emptySelector();
    const spaces = selectorOf(peer.namespaceSelector);
    const found = owners.filter((owner) => {
      const inNamespace = spaces
        ? matches(spaces, namespaceLabels(owner.namespace, namespaces))
        : owner.namespace === policy.namespace;
      return inNamespace && matches(pods, owner.podLabels);
    });
    if (found.length === 0) {
      warnings.push(
        warningAt(
          policy.source,
          [...policy.path, 'spec', 'ingress', index, 'from', peerIndex],
          'selects-nothing',
          `NetworkPolicy '${policy.name}' admits pods with ${shown(describeSelector(pods))}, ` +
            'and no workload in the input has them',
        ),
      );
    }
    for (const owner of found) sources.add(owner);
  });
  return { policy, sources: [...sources] };
}

/** A namespace's labels, with the name label the API server adds to every namespace. */
function namespaceLabels(
  name: string,
  namespaces: ReadonlyMap<string, KubeObject | undefined>,
): Record<string, string> {
  return { ...namespaces.get(name)?.labels, 'kubernetes.io/metadata.name': name };
}

function emptySelector(): Selector {
  return { matchLabels: {}, matchExpressions: [] };
}
