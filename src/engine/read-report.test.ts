import { describe, expect, it } from 'vitest';
import { renderJson } from '../renderers/json.js';
import { InputError } from '../model/problems.js';
import { analyze } from './pipeline.js';
import { isJsonReport, readReportThreats } from './read-report.js';

const MODEL = `components:
  - { id: app, name: App, kind: service, data: [pii] }
  - { id: cache, name: Cache, technology: redis }
flows:
  - { from: app, to: cache }
`;
const { report } = analyze({ text: MODEL, file: 'model.yaml' });

describe('isJsonReport', () => {
  it('recognizes a JSON report and nothing else', () => {
    expect(isJsonReport(renderJson(report))).toBe(true);
    expect(isJsonReport('{"components": [{"id": "a"}], "threats": []}')).toBe(false);
    expect(isJsonReport('{"tool": {"name": "strider"}, "threats": [')).toBe(false);
    expect(isJsonReport(MODEL)).toBe(false);
  });
});

describe('readReportThreats', () => {
  it('reads back the threats analyze wrote', () => {
    const threats = readReportThreats(renderJson(report), 'report.json');
    expect(threats.map((t) => [t.id, t.rootKey, t.fingerprint, t.status])).toEqual(
      report.threats.map((t) => [t.id, t.rootKey, t.fingerprint, 'active']),
    );
  });

  it('takes threats of reports older than risk decisions as active', () => {
    const old = JSON.stringify({
      tool: { name: 'strider' },
      threats: [
        {
          id: 'T001',
          fingerprint: 'f',
          ruleId: 'R',
          title: 't',
          severity: 'low',
          score: 2,
          components: [],
        },
      ],
    });
    expect(readReportThreats(old)[0].status).toBe('active');
  });

  it('refuses a threat with a bad severity, at its line and column', () => {
    const text = renderJson(report).replace('"severity": "high"', '"severity": "dire"');
    const line = text.split('\n').findIndex((l) => l.includes('"dire"')) + 1;
    try {
      readReportThreats(text, 'report.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0]).toMatchObject({ code: 'bad-value', line });
    }
  });
});
