import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers.js';
import { parseRiskFile } from '../model/risks.js';
import { analyze } from './pipeline.js';
import { applyRiskDecisions } from './risks.js';

const MODEL = 'test/fixtures/risks/model.yaml';
const text = readFileSync(path.join(REPO_ROOT, MODEL), 'utf8');
const { report } = analyze({ text, file: MODEL });
const [first, second] = report.threats;

function risks(entries: string) {
  return parseRiskFile(`risks:\n${entries}`, 'strider-risks.yaml');
}

describe('applyRiskDecisions', () => {
  it('needs a fixture with at least two threats', () => {
    expect(report.threats.length).toBeGreaterThanOrEqual(2);
    expect(report.threats.every((t) => t.status === 'active' && !t.decision)).toBe(true);
  });

  it('marks a threat matched by fingerprint with the decision, leaving the others active', () => {
    const file = risks(
      `  - fingerprint: "${first.fingerprint}"\n    status: accepted\n` +
        '    justification: Only test data.\n    owner: qa\n    expires: 2030-01-01\n',
    );
    const applied = applyRiskDecisions(report, file, { today: '2029-12-31' });
    expect(applied.warnings).toEqual([]);
    expect(applied.report.threats[0]).toMatchObject({
      id: first.id,
      status: 'accepted',
      decision: {
        status: 'accepted',
        justification: 'Only test data.',
        owner: 'qa',
        expires: '2030-01-01',
        expired: false,
        file: 'strider-risks.yaml',
        line: 2,
        column: 5,
      },
    });
    expect(applied.report.threats.slice(1).every((t) => t.status === 'active')).toBe(true);
    expect(report.threats[0].status).toBe('active');
  });

  it('matches by root key when no fingerprint entry names the threat', () => {
    const file = risks(
      `  - rootKey: "${second.rootKey}"\n    status: mitigated\n` +
        '    justification: Fixed in the chart.\n    owner: ops\n',
    );
    const applied = applyRiskDecisions(report, file, { today: '2029-12-31' });
    expect(applied.report.threats[1].status).toBe('mitigated');
    expect(applied.warnings).toEqual([]);
  });

  it('prefers the fingerprint entry over the root-key one, and warns about neither', () => {
    const file = risks(
      `  - rootKey: "${first.rootKey}"\n    status: mitigated\n    justification: a\n` +
        `    owner: ops\n  - fingerprint: "${first.fingerprint}"\n    status: false-positive\n` +
        '    justification: b\n    owner: ops\n',
    );
    const applied = applyRiskDecisions(report, file, { today: '2029-12-31' });
    expect(applied.report.threats[0].status).toBe('false-positive');
    expect(applied.warnings).toEqual([]);
  });

  it('holds a decision through its expiry day and makes the threat active after it', () => {
    const file = risks(
      `  - fingerprint: "${first.fingerprint}"\n    status: accepted\n` +
        '    justification: Until the migration.\n    owner: qa\n    expires: 2030-01-01\n',
    );
    const onTheDay = applyRiskDecisions(report, file, { today: '2030-01-01' });
    expect(onTheDay.report.threats[0].status).toBe('accepted');

    const after = applyRiskDecisions(report, file, { today: '2030-01-02' });
    expect(after.report.threats[0]).toMatchObject({
      status: 'active',
      decision: { status: 'accepted', expired: true },
    });
    expect(after.warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'risk-expired',
        file: 'strider-risks.yaml',
        line: 2,
        column: 5,
      }),
    ]);
    expect(after.warnings[0].message).toMatch(/^risks\[0\]: the accepted decision on T/);
    expect(after.warnings[0].message).toContain(`expired on 2030-01-01`);
    expect(after.warnings[0].message).toContain(first.id);
  });

  it('warns, with its position, about an entry that matches no threat', () => {
    const file = risks(
      `  - fingerprint: "${first.fingerprint}"\n    status: mitigated\n    justification: a\n` +
        '    owner: ops\n  - fingerprint: "ffffffffffffffff"\n    status: mitigated\n' +
        '    justification: b\n    owner: ops\n',
    );
    const applied = applyRiskDecisions(report, file, { today: '2029-12-31' });
    expect(applied.warnings).toEqual([
      expect.objectContaining({ code: 'risk-unmatched', line: 6, column: 5 }),
    ]);
    expect(applied.warnings[0].message).toMatch(
      /^risks\[1\]: fingerprint 'ffffffffffffffff' matches no threat/,
    );
  });
});
