import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from './cli-helpers.js';
import { REPO_ROOT } from './helpers.js';

interface ThreatSummary {
  id: string;
  ruleId: string;
  title: string;
  severity: string;
  score: number;
}

async function threatsOf(file: string): Promise<ThreatSummary[]> {
  const result = await runCli('analyze', '-f', 'json', '--no-risks', file);
  expect(result.code).toBe(0);
  const threats = JSON.parse(result.stdout).threats as ThreatSummary[];
  return threats.map(({ id, ruleId, title, severity, score }) => ({
    id,
    ruleId,
    title,
    severity,
    score,
  }));
}

// Threat Dragon writes every box, unticked by default: reading an unticked box as a control
// known absent made the export score worse than the model it came from.
describe('export -f threat-dragon, then analyzing the export', () => {
  it.each(['examples/web-shop.mmd', 'test/fixtures/threat-dragon/v2-elements.json'])(
    'gives the threats and scores of %s',
    async (name) => {
      const original = path.join(REPO_ROOT, name);
      const exported = await runCli('export', '-f', 'threat-dragon', original);
      expect(exported.code).toBe(0);
      const copy = path.join(temporaryDir(), 'exported.json');
      writeFileSync(copy, exported.stdout);
      const before = await threatsOf(original);
      expect(before.length).toBeGreaterThan(0);
      expect(await threatsOf(copy)).toEqual(before);
    },
  );
});
