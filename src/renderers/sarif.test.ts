import { describe, expect, it } from 'vitest';
import { analyze } from '../engine/pipeline.js';
import { applyRiskDecisions } from '../engine/risks.js';
import { SEVERITIES } from '../engine/score.js';
import { parseRiskFile } from '../model/risks.js';
import { RULES } from '../rules/index.js';
import { artifactFor, renderSarif, SARIF_LEVELS } from './sarif.js';

const MODEL = `components:
  - { id: app, name: Orders, kind: service, data: [pii] }
  - { id: cache, name: Cache, technology: redis }
flows:
  - { from: app, to: cache }
`;
const analysis = analyze({ text: MODEL, file: 'model.yaml' });
const { report, model } = analysis;

/** The log is plain JSON; the tests read it the way a consumer would, untyped. */
type Json = any;

function logOf(options: Parameters<typeof renderSarif>[1] = {}): Json {
  return JSON.parse(renderSarif(report, { model, input: 'model.yaml', cwd: '/repo', ...options }));
}

describe('renderSarif: the tool and its rules', () => {
  const driver = logOf().runs[0].tool.driver;

  it('describes every rule of the catalog once, by ID, with its slug as name', () => {
    expect(driver.rules.map((r: Json) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(driver.rules.map((r: Json) => r.name)).toEqual(RULES.map((r) => r.meta.slug));
  });

  it('gives help, a documentation link and tags code scanning understands', () => {
    const rule = RULES[0].meta;
    const descriptor = driver.rules[0];
    expect(descriptor.shortDescription.text).toBe(rule.title);
    expect(descriptor.fullDescription.text).toBe(rule.description);
    expect(descriptor.help.text).toContain(rule.recommendation);
    expect(descriptor.help.markdown).toContain(`**Recommendation:** ${rule.recommendation}`);
    expect(descriptor.helpUri).toMatch(new RegExp(`^https://.+/docs/rules/${rule.slug}\\.md$`));
    expect(descriptor.properties.tags).toEqual(expect.arrayContaining(['security', 'Spoofing']));
    for (const cwe of rule.references.cwe) {
      expect(descriptor.properties.tags).toContain(`external/cwe/${cwe.toLowerCase()}`);
      expect(descriptor.help.markdown).toContain(`[${cwe}](https://cwe.mitre.org/`);
    }
    for (const d of driver.rules) expect(d.properties['security-severity']).toMatch(/^\d+\.\d$/);
  });
});

describe('renderSarif: results', () => {
  const { results } = logOf().runs[0];

  it('gives one result per threat, with level, message, fingerprint and properties', () => {
    expect(results).toHaveLength(report.threats.length);
    report.threats.forEach((threat, i) => {
      expect(results[i]).toMatchObject({
        ruleId: threat.ruleId,
        ruleIndex: RULES.findIndex((r) => r.meta.id === threat.ruleId),
        level: SARIF_LEVELS[threat.severity],
        message: { text: `${threat.title}. ${threat.why}` },
        partialFingerprints: { 'striderFingerprint/v1': threat.fingerprint },
        properties: { threatId: threat.id, score: threat.score, status: 'active' },
      });
      expect(results[i].properties.evidence).toEqual(threat.evidence);
      expect(results[i].suppressions).toBeUndefined();
    });
  });

  it('maps every severity to a SARIF level', () => {
    expect(SEVERITIES.map((s) => SARIF_LEVELS[s])).toEqual(['error', 'error', 'warning', 'note']);
  });

  it('locates a threat at the line and column of each element and flow it rests on', () => {
    const threat = report.threats.find((t) => t.flows.includes('app->cache'))!;
    const result = results[report.threats.indexOf(threat)];
    const byName = new Map(
      result.locations.map((l: Json) => [l.logicalLocations[0].fullyQualifiedName, l]),
    );
    expect(byName.get('components/app')).toMatchObject({
      physicalLocation: {
        artifactLocation: { uri: 'model.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 2, startColumn: 5 },
      },
      logicalLocations: [{ name: 'app', kind: 'component' }],
    });
    expect(byName.get('flows/app->cache')).toMatchObject({
      physicalLocation: { region: { startLine: 5, startColumn: 5 } },
      logicalLocations: [{ name: 'app->cache', kind: 'flow' }],
    });
  });

  it('falls back to a logical location, and to the top of the file, without positions', () => {
    const unpositioned = {
      ...model,
      components: model.components.map(({ position: _, ...c }) => c),
      flows: model.flows.map(({ position: _, ...f }) => f),
    };
    const [result] = logOf({ model: unpositioned }).runs[0].results;
    expect(result.locations[0]).toMatchObject({
      physicalLocation: { region: { startLine: 1, startColumn: 1 } },
    });
    expect(result.locations.slice(1).every((l: Json) => !l.physicalLocation)).toBe(true);
    expect(result.locations.slice(1).every((l: Json) => l.logicalLocations.length === 1)).toBe(
      true,
    );
    const noFile = logOf({ input: undefined }).runs[0];
    expect(noFile.artifacts).toBeUndefined();
    expect(JSON.stringify(noFile.results)).not.toContain('physicalLocation');
  });

  it('honours --top', () => {
    expect(logOf({ top: 1 }).runs[0].results).toHaveLength(1);
  });
});

describe('renderSarif: decisions and warnings', () => {
  const threat = report.threats[0];
  const risks = parseRiskFile(
    `risks:\n  - fingerprint: "${threat.fingerprint}"\n    status: accepted\n` +
      '    justification: Lab only.\n    owner: qa\n    expires: 2030-01-01\n',
    'strider-risks.yaml',
  );

  it('carries an accepted decision as an external suppression with its justification', () => {
    const decided = applyRiskDecisions(report, risks, { today: '2029-01-01' }).report;
    const [result] = JSON.parse(renderSarif(decided, { model })).runs[0].results;
    expect(result.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Accepted by qa until 2030-01-01: Lab only.',
        properties: { decision: 'accepted', owner: 'qa', expires: '2030-01-01' },
      },
    ]);
    expect(result.properties.status).toBe('accepted');
  });

  it('does not suppress a threat whose decision expired', () => {
    const expired = applyRiskDecisions(report, risks, { today: '2031-01-01' });
    const log = JSON.parse(
      renderSarif(expired.report, { model, warnings: expired.warnings, cwd: '/repo' }),
    );
    expect(log.runs[0].results[0].suppressions).toBeUndefined();
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'warning',
        descriptor: { id: 'risk-expired' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'strider-risks.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 2, startColumn: 5 },
            },
          },
        ],
      }),
    ]);
  });
});

describe('artifactFor', () => {
  it('makes paths inside the working directory relative to %SRCROOT%', () => {
    expect(artifactFor('/repo/docs/model.yaml', '/repo')).toEqual({
      uri: 'docs/model.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactFor('./docs/../model.yaml', '/repo/')).toEqual({
      uri: 'model.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactFor('docs\\my model.yaml', 'C:/repo')).toMatchObject({
      uri: 'docs/my%20model.yaml',
    });
  });

  it('gives an absolute file URI for paths outside it', () => {
    expect(artifactFor('../other/model #1.yaml', '/repo')).toEqual({
      uri: 'file:///other/model%20%231.yaml',
    });
    expect(artifactFor('/repository/model.yaml', '/repo')).toEqual({
      uri: 'file:///repository/model.yaml',
    });
  });

  it('keeps relative paths relative when no working directory is known', () => {
    expect(artifactFor('./a/b.mmd')).toEqual({ uri: 'a/b.mmd', uriBaseId: '%SRCROOT%' });
    expect(artifactFor('/abs/b.mmd')).toEqual({ uri: 'file:///abs/b.mmd' });
  });
});
