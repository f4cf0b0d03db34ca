import { tokenizeLabel } from '../catalog/index.js';
import { controlGap, edgesOf } from '../engine/findings.js';
import { RUNTIME_KINDS, type Link, type ModelQuery } from '../engine/query.js';
import type { Component, Flow } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0044',
    slug: 'unsigned-deployment',
    title: 'Deployments not checked for signatures',
    stride: ['T'],
    references: { cwe: ['CWE-494'], asvs: ['V15.2.4'], asvs4: ['V10.3.2', 'V1.14.2'] },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'Code and images move from a pipeline or registry into the runtime (a cluster, ' +
      'functions, servers), or firmware to devices, and no signed artifacts are declared. A ' +
      'tampered build, registry or update channel then ships its code to production.',
    recommendation:
      'Sign build outputs (Sigstore/cosign, signed packages or firmware) and verify the ' +
      'signature and provenance at admission or install; declare `signed-artifacts: true`.',
    examples: {
      fires: {
        description: 'A cluster pulls images from a registry with no signature check.',
        model: [
          'components:',
          '  - { id: k8s, name: Cluster, technology: kubernetes }',
          '  - { id: reg, name: Registry, technology: harbor }',
          'flows:',
          '  - { from: k8s, to: reg, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The cluster verifies image signatures.',
        model: [
          'components:',
          '  - id: k8s',
          '    name: Cluster',
          '    technology: kubernetes',
          '    controls: { signed-artifacts: true }',
          '  - { id: reg, name: Registry, technology: harbor }',
          'flows:',
          '  - { from: k8s, to: reg, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['ci-cd', 'artifact-registry', 'iot-device'],
  },

  check(query) {
    const links = query.links.filter((link) => isUnsignedDelivery(query, link));
    const flows = links.map((link) => link.flow);
    const runtimes = links.map((link) => runtimeEnd(query, link)!);
    return controlGap({
      components: [...new Set(runtimes)],
      flows,
      controls: ['signed-artifacts'],
      why:
        `Deployable artifacts move into the runtime (${edgesOf(query, flows)}), and no ` +
        'signature check is declared.',
    });
  },
});

const SOURCE_KINDS = new Set(['ci-cd', 'artifact-registry']);
/** Words that say a flow to a device carries software. */
const UPDATE_WORDS: ReadonlySet<string> = new Set(['firmware', 'update', 'updates', 'ota']);

function isUpdateChannel(source: Component, flow: Flow): boolean {
  const words = tokenizeLabel(`${source.name} ${flow.label ?? ''}`);
  return words.some((word) => UPDATE_WORDS.has(word));
}

/** The runtime end of a flow between a pipeline or registry and a runtime, either way round. */
function runtimeEnd(
  query: ModelQuery,
  { flow, source: from, target: to }: Link,
): Component | undefined {
  if (to.kind.value === 'iot-device' && !query.isOutside(from) && isUpdateChannel(from, flow)) {
    return to;
  }
  if (SOURCE_KINDS.has(from.kind.value) && RUNTIME_KINDS.has(to.kind.value)) return to;
  if (SOURCE_KINDS.has(to.kind.value) && RUNTIME_KINDS.has(from.kind.value)) return from;
  return undefined;
}

function isUnsignedDelivery(query: ModelQuery, link: Link): boolean {
  if (!runtimeEnd(query, link)) return false;
  return !query.hasControlOnAny([link.source, link.target, link.flow], 'signed-artifacts');
}
