import { controlGap, edgesOf } from '../engine/findings.js';
import type { Link, ModelQuery } from '../engine/query.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0053',
    slug: 'retrieval-store-poisoning',
    title: 'Retrieval store filled from untrusted content',
    stride: ['T'],
    references: {
      cwe: ['CWE-349'],
      asvs: [],
      asvs4: [],
      asvsNote: 'ASVS 5.0 and 4.0.3 have no requirements for retrieval-augmented generation.',
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'A vector store that feeds model prompts is written by components that take content ' +
      'from outside (uploads, crawled pages, tickets), and no validation of that content is ' +
      'declared. Planted documents carry instructions or falsehoods into every answer that ' +
      'retrieves them.',
    recommendation:
      'Keep provenance with every chunk, restrict who can add documents, scan ingested ' +
      "content for embedded instructions, separate tenants' collections, and show sources. " +
      'Declare `input-validation: true` on the ingesting component.',
    examples: {
      fires: {
        description: 'User uploads are embedded into a Qdrant collection.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: ingest, name: Ingest, kind: service }',
          '  - { id: vectors, name: Knowledge base, technology: qdrant }',
          'flows:',
          '  - { from: user, to: ingest, protocol: https, data: [user-content] }',
          '  - { from: ingest, to: vectors, protocol: http }',
        ].join('\n'),
      },
      quiet: {
        description: 'Ingestion validates content.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: ingest, name: Ingest, kind: service, controls: { input-validation: true } }',
          '  - { id: vectors, name: Knowledge base, technology: qdrant }',
          'flows:',
          '  - { from: user, to: ingest, protocol: https, data: [user-content] }',
          '  - { from: ingest, to: vectors, protocol: http }',
        ].join('\n'),
      },
    },
    requiresKinds: ['vector-store'],
  },

  check(query) {
    const flows = query.links
      .filter((link) => writesUntrustedContent(query, link))
      .map((link) => link.flow);
    return controlGap({
      components: [...new Set(flows.flatMap((f) => [f.from, f.to]))].map((id) =>
        query.component(id)!,
      ),
      flows,
      controls: ['input-validation'],
      why:
        'Content that originates outside is written into retrieval stores ' +
        `(${edgesOf(query, flows)}), and no validation of it is declared.`,
    });
  },
});

function writesUntrustedContent(
  query: ModelQuery,
  { flow, source: writer, target: store }: Link,
): boolean {
  if (store.kind.value !== 'vector-store') return false;
  if (query.hasControlOnAny([writer, flow], 'input-validation')) return false;
  // A prompt builder's flow to the store is usually a retrieval query, unless it carries data.
  if (query.buildsPrompts(writer) && flow.data.value.length === 0) return false;
  return query.isOutside(writer) || query.isReachableFromOutside(writer);
}
