import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Threat } from '../src/engine/threat.js';
import { runCli, temporaryDir } from './cli-helpers.js';
import { REPO_ROOT } from './helpers.js';

/**
 * The CI gate and risk decisions through the CLI, as a pipeline uses them: exit codes 0, 1
 * and 2, stderr lines that point into the risk file, and the status in every output format.
 */
const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/risks/model.yaml');

let dir: string;
let model: string;
let threats: Threat[];

function writeRisks(name: string, entries: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `risks:\n${entries}`);
  return file;
}

function entry(threat: Threat, status: string, expires = '2031-01-01'): string {
  return (
    `  - fingerprint: "${threat.fingerprint}"\n    status: ${status}\n` +
    `    justification: Decided for ${threat.id}.\n    owner: qa\n    expires: ${expires}\n`
  );
}

function highOrWorse(): Threat[] {
  return threats.filter((t) => t.severity === 'high' || t.severity === 'critical');
}

beforeAll(async () => {
  dir = temporaryDir();
  model = path.join(dir, 'model.yaml');
  copyFileSync(FIXTURE, model);
  const result = await runCli('analyze', model, '-f', 'json');
  threats = JSON.parse(result.stdout).threats;
});

describe('--fail-on', () => {
  it('needs a fixture with high threats and none critical', () => {
    expect(highOrWorse().length).toBeGreaterThan(0);
    expect(threats.some((t) => t.severity === 'critical')).toBe(false);
  });

  it('exits 1 when an active threat is at or above the threshold, naming them', async () => {
    const result = await runCli('analyze', model, '--fail-on', 'high');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^# Threat Analysis Report/);
    const ids = highOrWorse().map((t) => t.id);
    expect(result.stderr).toContain(`strider: ${ids.length} active threat(s) at or above high`);
    for (const id of ids) expect(result.stderr).toContain(id);
  });

  it('exits 0 when nothing reaches the threshold, or without --fail-on', async () => {
    expect((await runCli('analyze', model, '--fail-on', 'critical')).code).toBe(0);
    expect((await runCli('analyze', model)).code).toBe(0);
  });

  it('exits 1 at the lowest threshold whenever there is any threat', async () => {
    const result = await runCli('analyze', model, '--fail-on', 'low', '-f', 'sarif');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).version).toBe('2.1.0');
  });

  it('exits 2 for bad input and bad options, whatever the threshold', async () => {
    const missing = await runCli('analyze', path.join(dir, 'nope.yaml'), '--fail-on', 'low');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*nope\.yaml: cannot read file/);
    const badLevel = await runCli('analyze', model, '--fail-on', 'severe');
    expect(badLevel.code).toBe(2);
    expect(badLevel.stderr).toMatch(/Allowed choices are low, medium, high, critical/);
    const badDate = await runCli('analyze', model, '--today', '31/12/2030');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("error: --today: '31/12/2030' is not a date");
  });

  it('ignores accepted, mitigated and false-positive threats', async () => {
    const statuses = ['accepted', 'mitigated', 'false-positive'];
    const risks = writeRisks(
      'all-high.yaml',
      highOrWorse()
        .map((t, i) => entry(t, statuses[i % 3]))
        .join(''),
    );
    const result = await runCli('analyze', model, '--risks', risks, '--fail-on', 'high');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('counts a threat again once its decision expired, with a warning at the entry', async () => {
    const [first] = highOrWorse();
    const risks = writeRisks('expired.yaml', entry(first, 'accepted', '2030-01-31'));
    const args = ['analyze', model, '--risks', risks, '--fail-on', 'high'];
    const before = await runCli(...args, '--today', '2030-01-31', '-f', 'json');
    expect(JSON.parse(before.stdout).threats[0].status).toBe('accepted');

    const after = await runCli(...args, '--today', '2030-02-01');
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`warning: ${risks}:2:5: risks[0]: the accepted`);
    expect(after.stderr).toContain('expired on 2030-01-31');
  });
});

describe('risk files through the CLI', () => {
  it('picks up strider-risks.yaml beside the model, and --no-risks ignores it', async () => {
    const [first] = threats;
    const own = temporaryDir();
    const beside = path.join(own, 'model.yaml');
    copyFileSync(FIXTURE, beside);
    writeFileSync(path.join(own, 'strider-risks.yaml'), `risks:\n${entry(first, 'mitigated')}`);
    const found = JSON.parse((await runCli('analyze', beside, '-f', 'json')).stdout);
    expect(found.threats[0]).toMatchObject({ status: 'mitigated', decision: { owner: 'qa' } });
    expect(found.summary.byStatus).toMatchObject({ mitigated: 1, active: threats.length - 1 });

    const ignored = JSON.parse(
      (await runCli('analyze', beside, '-f', 'json', '--no-risks')).stdout,
    );
    expect(ignored.threats[0].status).toBe('active');
  });

  it('shows the status in the Markdown summary table and details', async () => {
    const [first, second] = threats;
    const risks = writeRisks('md.yaml', entry(first, 'false-positive'));
    const { stdout } = await runCli('analyze', model, '--risks', risks, '--no-risks');
    // --no-risks after --risks wins, as the last flag does in commander.
    expect(stdout).not.toContain('| Status |');

    const shown = (await runCli('analyze', model, '--risks', risks)).stdout;
    expect(shown).toContain('| ID | Threat | Severity | Score | Status |');
    expect(shown).toMatch(new RegExp(`\\| ${first.id} \\|.*\\| False positive \\|`));
    expect(shown).toMatch(new RegExp(`\\| ${second.id} \\|.*\\| Active \\|`));
    expect(shown).toContain(
      `**Status:** False positive by qa until 2031-01-01: Decided for ${first.id}.`,
    );
  });

  it('warns about an entry that matches nothing, at its line and column', async () => {
    const risks = writeRisks(
      'stale.yaml',
      '  - rootKey: "STR-9999:*"\n    status: mitigated\n    justification: x\n    owner: y\n',
    );
    const result = await runCli('analyze', model, '--risks', risks);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `warning: ${risks}:2:5: risks[0]: rootKey 'STR-9999:*' matches no threat in this ` +
        'report; the threat is gone or the model changed, so review or remove the entry\n',
    );
  });

  it('refuses a risk file with a bad status or date, at line and column, with exit 2', async () => {
    const badStatus = writeRisks(
      'bad-status.yaml',
      '  - rootKey: "STR-0001:*"\n    status: ignored\n    justification: x\n    owner: y\n',
    );
    const status = await runCli('analyze', model, '--risks', badStatus, '--fail-on', 'low');
    expect(status.code).toBe(2);
    expect(status.stderr).toBe(
      `error: ${badStatus}:3:13: risks[0].status: "ignored" is not one of: ` +
        'accepted, mitigated, false-positive\n',
    );
    const badDate = writeRisks(
      'bad-date.yaml',
      '  - rootKey: "STR-0001:*"\n    status: accepted\n    justification: x\n' +
        '    owner: y\n    expires: 2030-02-30\n',
    );
    const date = await runCli('analyze', model, '--risks', badDate);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(new RegExp(`^error: ${badDate}:6:14: risks\\[0\\]\\.expires: `));
  });
});
