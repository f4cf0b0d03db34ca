import { Option, type Command } from 'commander';
import { cweName } from '../../catalog/index.js';
import { inputError } from '../../model/problems.js';
import { RULES, STRIDE, type Rule, type RuleMeta } from '../../rules/index.js';
import type { CliIo } from '../io.js';

const FORMATS = ['text', 'json'] as const;
/** How many near misses an unknown rule name lists. */
const SUGGESTIONS = 3;

interface RulesFlags {
  format: (typeof FORMATS)[number];
}

export function registerRules(program: Command, io: CliIo): void {
  program
    .command('rules')
    .description('list the threat rules, or show one rule in full')
    .argument('[rule]', 'a rule ID (STR-0001) or slug (unencrypted-internal-flow)')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'),
    )
    .action((name: string | undefined, flags: RulesFlags) => {
      if (name === undefined) {
        io.stdout(flags.format === 'json' ? toJson(RULES.map((r) => r.meta)) : renderTable());
        return;
      }
      const rule = findRule(name);
      io.stdout(flags.format === 'json' ? toJson(describe(rule.meta)) : renderRule(rule.meta));
    });
}

/** The rule an ID, slug or former slug names, case-insensitively; a user error otherwise. */
export function findRule(name: string): Rule {
  const wanted = name.trim().toLowerCase();
  const rule = RULES.find(({ meta }) =>
    [meta.id, meta.slug, ...(meta.aliases ?? [])].some((key) => key.toLowerCase() === wanted),
  );
  if (rule) return rule;
  const close = closeMatches(wanted);
  throw inputError({
    code: 'unknown-rule',
    message:
      `unknown rule '${name}'` +
      (close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : '') +
      "; 'strider rules' lists them all",
  });
}

function renderTable(): string {
  const rows = RULES.map(({ meta }) => [
    meta.id,
    meta.slug,
    meta.stride.join(''),
    `${meta.likelihood} x ${meta.impact}`,
    meta.title,
  ]);
  const header = ['ID', 'SLUG', 'STRIDE', 'LIKELIHOOD x IMPACT', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${RULES.length} rules\n`;
}

/** One rule with the names behind its references, for machines. */
function describe(meta: RuleMeta) {
  return {
    ...meta,
    strideNames: meta.stride.map((letter) => STRIDE[letter]),
    cweNames: Object.fromEntries(meta.references.cwe.map((id) => [id, cweName(id) ?? null])),
  };
}

function renderRule(meta: RuleMeta): string {
  const { references } = meta;
  const lines = [
    `${meta.id} ${meta.slug}`,
    meta.title,
    '',
    `STRIDE: ${meta.stride.map((letter) => STRIDE[letter]).join(', ')}`,
    `Likelihood ${meta.likelihood}, impact ${meta.impact} (before the model's facts adjust them)`,
    '',
    meta.description,
    '',
    'References:',
    `  ASVS 5.0: ${references.asvs.join(', ') || 'none'}`,
    `  ASVS 4.0.3 equivalents: ${references.asvs4.join(', ') || 'none'}`,
    ...(references.asvsNote ? [`  Note: ${references.asvsNote}`] : []),
    ...references.cwe.map((id) => `  ${id}: ${cweName(id) ?? '(name not in the table)'}`),
    '',
    'Recommendation:',
    `  ${meta.recommendation}`,
    '',
    `Fires on: ${meta.examples.fires.description}`,
    indent(meta.examples.fires.model),
    '',
    `Stays quiet on: ${meta.examples.quiet.description}`,
    indent(meta.examples.quiet.model),
  ];
  return `${lines.join('\n')}\n`;
}

/** Rules whose ID or slug is a few edits away, or whose slug or title shares a word. */
function closeMatches(wanted: string): string[] {
  const words = wordsOf(wanted).filter((word) => word.length >= 3);
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored = RULES.flatMap(({ meta }) => {
    const keys = [meta.id.toLowerCase(), meta.slug, ...(meta.aliases ?? [])];
    const edits = Math.min(...keys.map((key) => distance(wanted, key)));
    const vocabulary = new Set([...wordsOf(meta.slug), ...wordsOf(meta.title)]);
    const shared = words.filter((word) => vocabulary.has(word)).length;
    if (shared === 0 && edits > limit) return [];
    return [{ name: `${meta.id} (${meta.slug})`, shared, edits }];
  });
  return scored
    .sort((a, b) => b.shared - a.shared || a.edits - b.edits || a.name.localeCompare(b.name))
    .slice(0, SUGGESTIONS)
    .map((entry) => entry.name);
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** Edit distance between two short names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
