import { controlGap, edgesOf, namesWith, verb } from '../engine/findings.js';
import { evidenceOf, type Link, type ModelQuery } from '../engine/query.js';
import { defineRule } from './rule.js';

/** Words in a protocol, mechanism or label that say the payload is XML. */
const XML_WORDS: ReadonlySet<string> = new Set(['xml', 'soap', 'saml', 'xslt', 'wsdl', 'svg']);

export default defineRule({
  meta: {
    id: 'STR-0025',
    slug: 'xml-external-entities',
    title: 'XML external entities in parsers of incoming XML',
    stride: ['I', 'D'],
    references: { cwe: ['CWE-611'], asvs: ['V1.5.1'], asvs4: ['V5.5.2'] },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Components receive XML (SOAP, SAML assertions, XML uploads) and the model does not ' +
      'declare that external entities and DTDs are disabled in their parsers. A crafted ' +
      'document can read local files, reach internal hosts or exhaust memory.',
    recommendation:
      'Configure every XML parser to refuse DTDs and external entities (or use a library ' +
      'that does by default), and declare `xml-external-entities-disabled: true`.',
    examples: {
      fires: {
        description: 'A partner posts SOAP messages to an order service.',
        model: [
          'components:',
          '  - { id: partner, name: Partner, kind: external-service }',
          '  - { id: orders, name: Order intake, kind: service }',
          'flows:',
          '  - { from: partner, to: orders, protocol: soap, encrypted: true }',
        ].join('\n'),
      },
      quiet: {
        description: 'The order service declares external entities disabled.',
        model: [
          'components:',
          '  - { id: partner, name: Partner, kind: external-service }',
          '  - id: orders',
          '    name: Order intake',
          '    kind: service',
          '    controls: { xml-external-entities-disabled: true }',
          'flows:',
          '  - { from: partner, to: orders, protocol: soap, encrypted: true }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links.filter((link) => parsesXml(query, link)).map((link) => link.flow);
    const parsers = [...new Set(flows.map((f) => f.to))].map((id) => query.component(id)!);
    return controlGap({
      components: parsers,
      controls: ['xml-external-entities-disabled'],
      why:
        `${namesWith(
          query,
          parsers.map((c) => c.id),
          'receives',
          'receive',
        )} XML (${edgesOf(query, flows)}), ` +
        `and disabling external entities in ${verb(parsers, 'its parser', 'their parsers')} is not declared.`,
      evidence: flows.flatMap((f) => [
        evidenceOf(f.id, 'protocol', f.protocol),
        evidenceOf(f.id, 'authentication', f.authentication),
      ]),
    }).map((finding) => ({ ...finding, flows: flows.map((f) => f.id) }));
  },
});

function parsesXml(query: ModelQuery, { flow, target: receiver }: Link): boolean {
  const texts = [flow.protocol?.value, flow.authentication?.value, flow.label];
  if (!query.mentionsAny(texts, XML_WORDS)) return false;
  if (query.isOutside(receiver) || receiver.type.value !== 'process') return false;
  return !query.hasControl(receiver, 'xml-external-entities-disabled');
}
