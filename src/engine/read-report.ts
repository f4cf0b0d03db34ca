import { InputError } from '../model/problems.js';
import { validateAgainstSchema } from '../model/validate-schema.js';
import { parseSourceDocument } from '../model/yaml-source.js';
import type { DiffThreat } from './diff.js';
import { SEVERITIES } from './score.js';
import { THREAT_STATUSES } from './threat.js';

/**
 * Reads back the threats of a report written by `strider analyze --format json`, so that a
 * diff can compare against a report kept from an earlier run instead of its model.
 */
export const REPORT_THREATS_SCHEMA = {
  type: 'object',
  required: ['threats'],
  properties: {
    threats: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'fingerprint', 'ruleId', 'title', 'severity', 'score', 'components'],
        properties: {
          id: { type: 'string' },
          fingerprint: { type: 'string' },
          rootKey: { type: 'string' },
          ruleId: { type: 'string' },
          slug: { type: 'string' },
          title: { type: 'string' },
          severity: { enum: [...SEVERITIES] },
          score: { type: 'number' },
          components: { type: 'array', items: { type: 'string' } },
          componentNames: { type: 'array', items: { type: 'string' } },
          status: { enum: [...THREAT_STATUSES] },
        },
      },
    },
  },
} as const;

/** Whether the text is a Strider JSON report rather than a model or a diagram. */
export function isJsonReport(text: string): boolean {
  if (!/^\s*\{/.test(text)) return false;
  try {
    const value = JSON.parse(text) as { tool?: { name?: unknown }; threats?: unknown };
    return value?.tool?.name === 'strider' && Array.isArray(value.threats);
  } catch {
    return false;
  }
}

/** The report's threats; a malformed one is refused with the line and column of the fault. */
export function readReportThreats(text: string, file?: string): DiffThreat[] {
  const source = parseSourceDocument(text, file);
  const problems = validateAgainstSchema(source, REPORT_THREATS_SCHEMA);
  if (problems.length > 0) throw new InputError(problems);
  const threats = (source.value as { threats: DiffThreat[] }).threats;
  // Reports written before risk decisions existed have no status: all were active.
  return threats.map((threat) => ({ ...threat, status: threat.status ?? 'active' }));
}
