import { evidenceOf, listNames, type ModelQuery } from '../engine/query.js';
import type { Component, ComponentKind } from '../model/types.js';
import { defineRule, type Evidence } from './rule.js';

/** Where copies of application data end up for later reading by many people. */
const LOG_SINK_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'log-service',
  'analytics',
]);

export default defineRule({
  meta: {
    id: 'STR-0004',
    slug: 'sensitive-data-in-logs',
    title: 'Sensitive data may reach logs and analytics without redaction',
    stride: ['I', 'R'],
    references: {
      cwe: ['CWE-532', 'CWE-359'],
      asvs: ['V16.2.5', 'V16.4.2'],
      asvs4: ['V7.1.1', 'V7.3.3'],
    },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'A component that handles personal data, credentials or payment data sends events to a ' +
      'log or analytics pipeline, and the model declares neither redaction nor access control ' +
      'there. Logs are read by many people and kept for long; what lands in them leaks.',
    recommendation:
      'Redact or tokenize sensitive fields before they are logged, restrict who can read the ' +
      'logs and analytics stores, and keep them tamper-evident.',
    examples: {
      fires: {
        description: 'A service handling PII ships logs to Elasticsearch with no redaction.',
        model: [
          'components:',
          '  - { id: app, name: App, kind: service, data: [pii] }',
          '  - { id: logs, name: Log store, technology: elasticsearch }',
          'flows:',
          '  - { from: app, to: logs, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The same pipeline with redaction and access control declared.',
        model: [
          'components:',
          '  - { id: app, name: App, kind: service, data: [pii] }',
          '  - id: logs',
          '    name: Log store',
          '    technology: elasticsearch',
          '    controls: { log-redaction: true, log-access-control: true }',
          'flows:',
          '  - { from: app, to: logs, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const sources: Component[] = [];
    const sinks = new Map<string, Component>();
    const flows: string[] = [];
    for (const component of query.components) {
      if (LOG_SINK_KINDS.has(component.kind.value)) continue;
      // The walk to the sinks is cheaper than gathering what data a component handles.
      const sinkFlows: string[] = [];
      const reached = unprotectedSinksReachedFrom(query, component, sinkFlows);
      if (reached.length === 0 || query.sensitiveDataHandledBy(component).length === 0) continue;
      flows.push(...sinkFlows);
      sources.push(component);
      for (const sink of reached) sinks.set(sink.id, sink);
    }
    if (sinks.size === 0) return [];

    const sinkList = [...sinks.values()];
    const evidence: Evidence[] = [
      ...sources.flatMap((c) => query.sensitiveDataEvidence(c)),
      ...sinkList.flatMap((sink) => [
        evidenceOf(sink.id, 'controls.log-redaction', sink.controls['log-redaction']),
        evidenceOf(sink.id, 'authentication', sink.authentication),
      ]),
    ];
    const absent = sinkList.some((s) => s.controls['log-redaction']?.value === false);
    return [
      {
        components: [...sources.map((c) => c.id), ...sinkList.map((c) => c.id)],
        flows,
        why: explain(query, sources, sinkList),
        evidence,
        controlState: absent ? 'absent' : 'undeclared',
      },
    ];
  },
});

function isProtected(sink: Component): boolean {
  const redacted = sink.controls['log-redaction']?.value === true;
  const restricted =
    sink.controls['log-access-control']?.value === true || sink.authentication?.value === true;
  return redacted && restricted;
}

/** Log sinks downstream of the source through log and analytics hops, collecting the flows. */
function unprotectedSinksReachedFrom(
  query: ModelQuery,
  source: Component,
  flowsOut: string[],
): Component[] {
  const reached: Component[] = [];
  const seen = new Set<string>();
  let frontier = [source.id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const { flow, target } of query.linksFrom(id)) {
        if (!LOG_SINK_KINDS.has(target.kind.value) || seen.has(target.id)) continue;
        seen.add(target.id);
        if (isProtected(target)) continue;
        reached.push(target);
        flowsOut.push(flow.id);
        next.push(target.id);
      }
    }
    frontier = next;
  }
  return reached;
}

function explain(query: ModelQuery, sources: Component[], sinks: Component[]): string {
  const handled = [...new Set(sources.flatMap((c) => query.sensitiveDataHandledBy(c)))].sort();
  const unauthenticated = sinks.filter((s) => s.authentication?.value !== true);
  const sentences = [
    `${listNames(sources.map((c) => c.name))} ${sources.length === 1 ? 'handles' : 'handle'} ` +
      `${listNames(handled)} and ${sources.length === 1 ? 'sends' : 'send'} events to ` +
      `${listNames(sinks.map((s) => s.name))}.`,
    'No redaction of sensitive fields is declared on that path.',
  ];
  if (unauthenticated.length > 0) {
    sentences.push(
      `${listNames(unauthenticated.map((s) => s.name))} ` +
        `${unauthenticated.length === 1 ? 'has' : 'have'} ` +
        'no authentication declared, so whatever is logged is readable on the network.',
    );
  }
  return sentences.join(' ');
}
