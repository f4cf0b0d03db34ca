import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from './cli-helpers.js';
import { REPO_ROOT } from './helpers.js';

const WEB_SHOP = path.join(REPO_ROOT, 'examples/web-shop.mmd');
const WEB_SHOP_HINTS = path.join(REPO_ROOT, 'examples/web-shop.hints.yaml');

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('strider analyze', () => {
  it('writes the Markdown report to stdout and nothing on stderr', async () => {
    const result = await runCli('analyze', WEB_SHOP);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# Threat Analysis Report/);
    expect(result.stdout).toContain('| T001 |');
    expect(result.stderr).toBe('');
  });

  it('writes JSON with --format json, and --top limits the threats', async () => {
    const result = await runCli('analyze', WEB_SHOP, '--format', 'json', '--top', '2');
    const report = JSON.parse(result.stdout);
    expect(report.threats).toHaveLength(2);
    expect(report.threats[0].id).toBe('T001');
    expect(report.threats[0].evidence.length).toBeGreaterThan(0);
    expect(report.threats[0].factors.likelihood.basis).toBeDefined();
  });

  it('applies a hints file: hinted facts remove the threats they answer', async () => {
    const plain = JSON.parse((await runCli('analyze', WEB_SHOP, '-f', 'json')).stdout);
    const hinted = JSON.parse(
      (await runCli('analyze', WEB_SHOP, '-f', 'json', '--hints', WEB_SHOP_HINTS)).stdout,
    );
    const storeThreat = (report: { threats: { slug: string; components: string[] }[] }) =>
      report.threats.find(
        (t) => t.slug === 'sensitive-data-to-store-unencrypted' && t.components.includes('db'),
      );
    expect(storeThreat(plain)).toBeDefined();
    expect(storeThreat(hinted)).toBeUndefined();
  });

  it('writes to a new file with -o, atomically, and refuses to replace files', async () => {
    const dir = temporaryDir();
    const output = path.join(dir, 'report.md');
    const first = await runCli('analyze', WEB_SHOP, '-o', output);
    expect(first.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toMatch(/^# Threat Analysis Report/);
    expect(readdirSync(dir)).toEqual(['report.md']);

    const again = await runCli('analyze', WEB_SHOP, '-o', output);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/refusing to replace an existing file/);
    expect((await runCli('analyze', WEB_SHOP, '-o', output, '--force')).code).toBe(0);
  });

  it('never writes over its input, even with --force', async () => {
    const dir = temporaryDir();
    const input = write(dir, 'system.mmd', 'graph LR\n  a[User] --> b[API]\n');
    const result = await runCli('analyze', input, '-o', input, '--force');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/over an input file/);
    expect(readFileSync(input, 'utf8')).toBe('graph LR\n  a[User] --> b[API]\n');
  });

  it('says that no threats were identified for an empty diagram', async () => {
    const dir = temporaryDir();
    const result = await runCli('analyze', write(dir, 'empty.mmd', 'graph TD\n'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No threats were identified.');
  });
});

describe('bad input: one line naming file, line and column, exit 2, no stack trace', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'unsupported diagram',
      'seq.mmd',
      'sequenceDiagram\n  A->>B: hi\n',
      /seq\.mmd:1:1: .*sequenceDiagram/,
    ],
    [
      'unknown component in a flow',
      'model.yaml',
      'components:\n  - id: db\nflows:\n  - from: app\n    to: db\n',
      /model\.yaml:4:11: flows\[0\]\.from: unknown component 'app' \(known: db\)/,
    ],
    [
      'duplicate ID',
      'dup.yaml',
      'components:\n  - id: db\n  - id: db\n',
      /dup\.yaml:3:9: components\[1\]\.id: duplicate ID 'db'/,
    ],
    [
      'bad enum value',
      'enum.yaml',
      'components:\n  - id: db\n    type: database\n',
      /enum\.yaml:3:11: components\[0\]\.type: "database" is not one of: actor, process/,
    ],
    [
      'YAML syntax',
      'syntax.yaml',
      'components:\n  - id: [db\n',
      /syntax\.yaml:\d+:\d+: YAML syntax/,
    ],
  ];

  it.each(cases)('%s', async (_name, file, text, expected) => {
    const dir = temporaryDir();
    const result = await runCli('analyze', write(dir, file, text));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an unreadable file', async () => {
    const result = await runCli('analyze', '/nonexistent/system.mmd');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: /nonexistent/system.mmd: cannot read file: no such file or directory\n',
    );
  });

  it('refuses inputs over the size limit', async () => {
    const dir = temporaryDir();
    const file = write(dir, 'big.mmd', `graph LR\n${'  a --> b\n'.repeat(200)}`);
    const result = await runCli('analyze', file, '--max-input', '1000');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/over the limit of 1000/);
  });

  it('refuses a YAML alias bomb', async () => {
    const dir = temporaryDir();
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const file = write(dir, 'bomb.yaml', `${levels.join('\n')}\ncomponents: []\n`);
    const result = await runCli('analyze', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bomb\.yaml:1:1: refused: .*aliases/);
  });

  it('names an unknown element in a hints file', async () => {
    const dir = temporaryDir();
    const hints = write(dir, 'hints.yaml', 'components:\n  nope:\n    technology: redis\n');
    const result = await runCli('analyze', WEB_SHOP, '--hints', hints);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/hints\.yaml:2:3: components\.nope: unknown component 'nope'/);
  });

  it('exits 2 with usage help for an unknown option', async () => {
    const result = await runCli('analyze', WEB_SHOP, '--no-such-flag');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
  });
});

describe('strider model', () => {
  it('prints the understood model with sources, which analyze accepts back', async () => {
    const dir = temporaryDir();
    const model = await runCli('model', WEB_SHOP);
    expect(model.code).toBe(0);
    expect(model.stdout).toMatch(/technology: redis # label: label 'Redis Sessions' names Redis/);
    const saved = write(dir, 'model.yaml', model.stdout);

    const fromDiagram = JSON.parse((await runCli('analyze', WEB_SHOP, '-f', 'json')).stdout);
    const fromModel = JSON.parse((await runCli('analyze', saved, '-f', 'json')).stdout);
    const summary = (r: { threats: { ruleId: string; components: string[] }[] }) =>
      r.threats.map((t) => `${t.ruleId}:${[...t.components].sort().join(',')}`).sort();
    expect(summary(fromModel)).toEqual(summary(fromDiagram));
  });
});

describe('hostile nesting', () => {
  it.each([
    ['deep.json', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['deep.yaml', `components:\n  - id: a\n    name: ${'['.repeat(20_000)}\n`],
    ['hints-target.mmd', 'graph LR\n  a --> b\n'],
  ])('refuses %s before parsing, with a position', async (name, text) => {
    const dir = temporaryDir();
    const file = write(dir, name, text);
    const args = name.startsWith('hints')
      ? ['analyze', file, '--hints', write(dir, 'hints.yaml', `components: ${'{'.repeat(5000)}`)]
      : ['analyze', file];
    const result = await runCli(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/:\d+:\d+: refused: the input nests more than 200 levels deep/);
  });
});
