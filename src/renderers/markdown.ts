import type { AnalysisReport, Threat } from '../engine/threat.js';
import {
  analyzedLine,
  countOf,
  formatEvidence,
  formatReferences,
  formatScore,
  formatStatus,
  SEVERITY_LABELS,
  STATUS_LABELS,
  strideNames,
} from './text.js';

const MAX_EVIDENCE_LINES = 30;
/** Past this many, completeness notes are left to the JSON report. */
const MAX_COMPLETENESS_LINES = 50;

export interface MarkdownOptions {
  /** Show only the first N threats (they are sorted by score). */
  top?: number;
}

/** The threat analysis report, in the layout of the reference sample. Pure. */
export function renderMarkdown(report: AnalysisReport, options: MarkdownOptions = {}): string {
  const threats = options.top === undefined ? report.threats : report.threats.slice(0, options.top);
  const lines: string[] = ['# Threat Analysis Report', ''];
  if (report.title) lines.push(`Model: ${inline(report.title)}`, '');
  lines.push(`${analyzedLine(report.stats)}.`, '', '## Threat Summary', '');
  if (threats.length === 0) {
    lines.push('No threats were identified.', '');
    for (const line of completenessSection(report)) lines.push(line);
    return lines.join('\n');
  }
  if (threats.length < report.threats.length) {
    lines.push(
      `Showing the top ${threats.length} of ${countOf(report.threats.length, 'threat')}.`,
      '',
    );
  }
  // The status column appears once a risk file decided something, keeping the plain layout.
  const decided = threats.some((threat) => threat.decision);
  lines.push(
    `| ID | Threat | Severity | Score |${decided ? ' Status |' : ''}`,
    `|----|--------|----------|-------|${decided ? '--------|' : ''}`,
  );
  for (const threat of threats) {
    const cells = [threat.id, cell(threat.title), SEVERITY_LABELS[threat.severity]];
    const status = decided ? ` ${statusCell(threat)} |` : '';
    lines.push(`| ${cells.join(' | ')} | ${formatScore(threat.score)} |${status}`);
  }
  lines.push('', '## Threat Details', '');
  for (const threat of threats) {
    for (const line of renderThreat(threat)) lines.push(line);
  }
  for (const line of completenessSection(report)) lines.push(line);
  return lines.join('\n');
}

/** What the model leaves unsaid, after the threats; nothing when it is complete. */
function completenessSection(report: AnalysisReport): string[] {
  const notes = report.completeness;
  if (notes.length === 0) return [];
  const lines = [
    '## Model Completeness',
    '',
    'Rules had less to go on where the model is silent; no threat here means unknown, not safe.',
    '',
  ];
  for (const note of notes.slice(0, MAX_COMPLETENESS_LINES)) {
    lines.push(`- ${inline(note.message)} (${note.kind})`);
  }
  const hidden = notes.length - MAX_COMPLETENESS_LINES;
  if (hidden > 0) lines.push(`- ... and ${hidden} more (see the JSON report)`);
  lines.push('');
  return lines;
}

function renderThreat(threat: Threat): string[] {
  const names = new Map(threat.components.map((id, i) => [id, threat.componentNames[i]]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const affected = threat.components.map((id) => {
    const name = nameOf(id);
    return name === id ? inline(id) : `${inline(name)} (${inline(id)})`;
  });
  const { likelihood, impact } = threat.factors;
  const lines = [
    `### ${threat.id}: ${inline(threat.title)}`,
    '',
    `**Severity:** ${SEVERITY_LABELS[threat.severity]}`,
    '',
    ...(threat.decision ? [`**Status:** ${inline(formatStatus(threat))}`, ''] : []),
    `**Score:** ${formatScore(threat.score)} (likelihood ${likelihood.value}, ` +
      `impact ${impact.value})`,
    '',
    `**STRIDE:** ${strideNames(threat.stride).join(', ')}`,
    '',
    `**Affected Components:** ${affected.join(', ')}`,
    '',
    `**Why:** ${inline(threat.why)}`,
    '',
    '**Evidence:**',
    '',
    ...evidenceLines(threat, nameOf),
    '',
    `**References:** ${formatReferences(threat.references)}`,
    '',
  ];
  if (threat.references.asvsNote) lines.push(`_${inline(threat.references.asvsNote)}_`, '');
  lines.push(
    '**Recommended Actions:**',
    '',
    threat.recommendation,
    '',
    `Rule ${threat.ruleId} (${threat.slug}) · fingerprint ${threat.fingerprint}`,
    '',
    '---',
    '',
  );
  return lines;
}

/** Evidence as a list; past a screenful the JSON and SARIF outputs carry the rest. */
function evidenceLines(threat: Threat, nameOf: (id: string) => string): string[] {
  const shown = threat.evidence.slice(0, MAX_EVIDENCE_LINES);
  const lines = shown.map((e) => `- ${inline(formatEvidence(e, nameOf))}`);
  const hidden = threat.evidence.length - shown.length;
  if (hidden > 0) lines.push(`- ... and ${hidden} more facts (see the JSON report)`);
  return lines;
}

/**
 * Text from the input, made safe for Markdown: no tag can open (so no raw HTML), and no line
 * break ends a list item or table row early.
 */
function inline(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

function statusCell(threat: Threat): string {
  return threat.decision?.expired ? 'Active (expired decision)' : STATUS_LABELS[threat.status];
}

function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}
