import type { DiffThreat, ThreatChange, ThreatDiff } from '../engine/diff.js';
import { formatScore, SEVERITY_LABELS, STATUS_LABELS } from './text.js';

export interface DiffRenderOptions {
  /** How each side is named in the output: usually its file name. */
  before?: string;
  after?: string;
}

/** What changed between two analyses, for a pull-request comment. Pure. */
export function renderDiffMarkdown(diff: ThreatDiff, options: DiffRenderOptions = {}): string {
  const lines = ['# Threat Model Diff', ''];
  if (options.before !== undefined && options.after !== undefined) {
    lines.push(`Before: ${inline(options.before)} · After: ${inline(options.after)}`, '');
  }
  lines.push(
    `${diff.added.length} new, ${diff.resolved.length} resolved, ${diff.changed.length} ` +
      `changed, ${diff.unchanged.length} unchanged.`,
    '',
    '## New Threats',
    '',
    ...threatTable(diff.added),
    '## Resolved Threats',
    '',
    ...threatTable(diff.resolved),
    '## Changed Threats',
    '',
    ...changeTable(diff.changed),
  );
  return lines.join('\n');
}

function threatTable(threats: readonly DiffThreat[]): string[] {
  if (threats.length === 0) return ['None.', ''];
  return [
    '| ID | Threat | Severity | Score | Status |',
    '|----|--------|----------|-------|--------|',
    ...threats.map(
      (t) =>
        `| ${t.id} | ${cell(t.title)} | ${SEVERITY_LABELS[t.severity]} | ` +
        `${formatScore(t.score)} | ${STATUS_LABELS[t.status]} |`,
    ),
    '',
  ];
}

function changeTable(changes: readonly ThreatChange[]): string[] {
  if (changes.length === 0) return ['None.', ''];
  return [
    '| Before | After | Threat | What changed |',
    '|--------|-------|--------|--------------|',
    ...changes.map(
      (c) =>
        `| ${c.before.id} | ${c.after.id} | ${cell(c.after.title)} | ` +
        `${cell(describeChange(c))} |`,
    ),
    '',
  ];
}

/** "severity Medium → High; score 6.0 → 7.5; components added: WAF (waf)" */
export function describeChange(change: ThreatChange): string {
  const parts: string[] = [];
  if (change.severity) {
    const { from, to } = change.severity;
    parts.push(`severity ${SEVERITY_LABELS[from]} → ${SEVERITY_LABELS[to]}`);
  }
  if (change.score) {
    parts.push(`score ${formatScore(change.score.from)} → ${formatScore(change.score.to)}`);
  }
  if (change.components?.added.length) {
    parts.push(`components added: ${named(change.after, change.components.added)}`);
  }
  if (change.components?.removed.length) {
    parts.push(`components removed: ${named(change.before, change.components.removed)}`);
  }
  if (change.status) {
    const { from, to } = change.status;
    parts.push(`status ${STATUS_LABELS[from]} → ${STATUS_LABELS[to]}`);
  }
  return parts.join('; ');
}

function named(threat: DiffThreat, ids: readonly string[]): string {
  return ids
    .map((id) => {
      const name = threat.componentNames?.[threat.components.indexOf(id)];
      return name && name !== id ? `${name} (${id})` : id;
    })
    .join(', ');
}

/** Input text made safe for a Markdown table cell: no raw HTML, no broken rows. */
function inline(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}
