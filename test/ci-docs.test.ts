import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRiskFile } from '../src/model/risks.js';
import { runCli } from './cli-helpers.js';
import { REPO_ROOT } from './helpers.js';

/** The CI section of the README and the pre-commit hook must stay runnable as written. */
const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## CI: GitHub Actions and pre-commit'));

function yamlBlocks(text: string): string[] {
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
}

describe('the README CI section', () => {
  const [workflow, risks, preCommit] = yamlBlocks(SECTION);

  it('shows a workflow that uploads SARIF and gates with --fail-on', () => {
    const steps = parse(workflow).jobs.strider.steps as { uses?: string; run?: string }[];
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
    const analyze = steps.find((s) => s.run?.includes('strider analyze'))!.run!;
    expect(analyze).toMatch(/-f sarif -o strider\.sarif --fail-on high/);
  });

  it('shows a risk file Strider accepts', () => {
    expect(parseRiskFile(risks, 'README.md').entries).toHaveLength(2);
  });

  it('configures the hook the repository ships', () => {
    const hooks = parse(preCommit).repos[0].hooks;
    expect(hooks[0].id).toBe('strider');
  });

  it('uses only flags the CLI knows', async () => {
    for (const command of ['analyze', 'diff']) {
      const help = (await runCli(command, '--help')).stdout;
      const joined = SECTION.replace(/\\\n\s*/g, ' ');
      const used = [...joined.matchAll(new RegExp(`strider ${command} [^\\n]*`, 'g'))].flatMap(
        (match) => match[0].match(/--[a-z-]+/g) ?? [],
      );
      expect(used.length, command).toBeGreaterThan(0);
      for (const flag of used) expect(help, `${command} ${flag}`).toContain(flag);
    }
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('defines the strider hook for node, running one model per commit', () => {
    const [hook] = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hook).toMatchObject({
      id: 'strider',
      entry: 'strider',
      language: 'node',
      pass_filenames: false,
    });
    expect(hook.args).toEqual(['analyze', 'threat-model.yaml', '--fail-on', 'high']);
  });
});
