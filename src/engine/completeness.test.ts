import { describe, expect, it } from 'vitest';
import { analyze } from './pipeline.js';
import { renderJson } from '../renderers/json.js';
import { renderMarkdown } from '../renderers/markdown.js';

const GAPPY = [
  'dataClasses:',
  '  - { id: telemetry-raw, name: Raw telemetry, sensitivity: internal }',
  '  - { id: ledger, name: Ledger entries, sensitivity: restricted }',
  'components:',
  '  - { id: api, name: API, kind: service, data: [ledger] }',
  '  - { id: thing, name: Thing }',
  '  - { id: odd, name: Odd store, technology: no-such-product }',
  '  - { id: lonely, name: Lonely job, kind: service }',
  'flows:',
  '  - { from: api, to: thing }',
  '  - { from: api, to: odd, protocol: https }',
].join('\n');

const COMPLETE = [
  'components:',
  '  - { id: api, name: API, kind: service }',
  '  - { id: db, name: DB, technology: postgresql }',
  'flows:',
  '  - { from: api, to: db, protocol: postgresql }',
].join('\n');

function notesOf(text: string) {
  return analyze({ text, file: 'model.yaml' }).report.completeness;
}

describe('model completeness', () => {
  it('names each gap with its kind and element', () => {
    const notes = notesOf(GAPPY).map((n) => [n.kind, n.element]);
    expect(notes).toEqual([
      ['unknown-technology', 'odd'],
      ['unknown-kind', 'thing'],
      ['unknown-protocol', 'api->thing'],
      ['no-flows', 'lonely'],
      ['unused-data-class', 'telemetry-raw'],
    ]);
  });

  it('says nothing about a model that leaves nothing unsaid', () => {
    expect(notesOf(COMPLETE)).toEqual([]);
  });

  it('is a section at the end of the Markdown report, and a field in JSON', () => {
    const { report } = analyze({ text: GAPPY, file: 'model.yaml' });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('## Model Completeness');
    expect(markdown.indexOf('## Model Completeness')).toBeGreaterThan(
      markdown.indexOf('## Threat Summary'),
    );
    expect(markdown).toMatch(/technology 'no-such-product' is not in the catalog/);
    expect(JSON.parse(renderJson(report)).completeness).toHaveLength(5);
  });

  it('leaves the section out when the model is complete', () => {
    const { report } = analyze({ text: COMPLETE, file: 'model.yaml' });
    expect(renderMarkdown(report)).not.toContain('Model Completeness');
    expect(JSON.parse(renderJson(report)).completeness).toEqual([]);
  });
});
