import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { run } from '../main.js';

async function strider(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('strider rules', () => {
  it('lists every rule as a table: ID, slug, STRIDE letters, basis, title', async () => {
    const { code, stdout, stderr } = await strider('rules');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SLUG\s+STRIDE\s+LIKELIHOOD x IMPACT\s+TITLE$/);
    expect(stdout).toMatch(/STR-0002\s+unencrypted-internal-flow\s+IT\s+high x high\s+Internal/);
    expect(stdout).toContain(`${RULES.length} rules`);
    for (const { meta } of RULES) expect(stdout).toContain(meta.slug);
  });

  it('lists the catalog as JSON for machines', async () => {
    const { code, stdout } = await strider('rules', '--format', 'json');
    expect(code).toBe(0);
    const rules = JSON.parse(stdout) as { id: string; references: { cwe: string[] } }[];
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(rules[0]!.references.cwe.length).toBeGreaterThan(0);
  });

  it('shows one rule by ID with references, CWE names, recommendation and examples', async () => {
    const { code, stdout } = await strider('rules', 'STR-0020');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^STR-0020 database-query-injection/);
    expect(stdout).toContain('ASVS 5.0: V1.2.4');
    expect(stdout).toContain('ASVS 4.0.3 equivalents: V5.3.4, V5.3.5');
    expect(stdout).toContain('CWE-89: Improper Neutralization of Special Elements used in an SQL');
    expect(stdout).toContain('Recommendation:');
    expect(stdout).toContain('Fires on: A public API queries PostgreSQL.');
    expect(stdout).toContain('Stays quiet on: The API declares parameterized queries.');
    expect(stdout).toContain('query-parameterization: true');
  });

  it('finds a rule by slug in any case, and shows the ASVS note where none fits', async () => {
    const { code, stdout } = await strider('rules', 'DMZ-Reaches-Private-Zone');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^STR-0005 /);
    expect(stdout).toContain('ASVS 5.0: none');
    expect(stdout).toMatch(/Note: ASVS 5.0 has no network segmentation requirement/);
  });

  it('shows one rule as JSON with the CWE names', async () => {
    const { stdout } = await strider('rules', 'prompt-injection', '-f', 'json');
    const rule = JSON.parse(stdout);
    expect(rule.id).toBe('STR-0051');
    expect(rule.cweNames['CWE-77']).toMatch(/Command Injection/);
    expect(rule.strideNames).toContain('Tampering');
  });

  it('refuses an unknown rule in one line with close matches, exit 2', async () => {
    const { code, stdout, stderr } = await strider('rules', 'sql-injection');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: unknown rule 'sql-injection' \(did you mean .*STR-0020/);
  });

  it('offers no suggestions when nothing is close', async () => {
    const { code, stderr } = await strider('rules', 'zzzzzzzzzzzzzzzzzz');
    expect(code).toBe(2);
    expect(stderr).not.toContain('did you mean');
    expect(stderr).toContain("'strider rules' lists them all");
  });
});
