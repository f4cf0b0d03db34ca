/** Strider's threats, and threats recorded in the input, as Threat Dragon threat entries. */
import type { Severity } from '../engine/score.js';
import type { Threat } from '../engine/threat.js';
import type { JsonObject } from '../importers/json-values.js';
import type { RecordedThreat } from '../model/types.js';
import type { StrideLetter } from '../rules/rule.js';
import { stableUuid } from './stable-ids.js';

/** Threat Dragon's names for the STRIDE categories, as its threat editor writes them. */
export const TD_STRIDE_TYPES = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
} as const satisfies Record<StrideLetter, string>;

const TD_SEVERITIES = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
} as const satisfies Record<Severity, string>;

/** A Threat Dragon threat entry for one Strider threat on one cell. */
export function threatEntry(threat: Threat, cellId: string, number: number): JsonObject {
  const stride = threat.stride[0];
  return {
    id: stableUuid(`${threat.fingerprint}|${cellId}`),
    title: threat.title,
    status: 'Open',
    severity: TD_SEVERITIES[threat.severity],
    type: stride ? TD_STRIDE_TYPES[stride] : 'Tampering',
    description: shortened(threat.why, threat.fingerprint),
    mitigation: threat.recommendation,
    modelType: 'STRIDE',
    number,
    score: String(threat.score),
    fingerprint: threat.fingerprint,
    ruleId: threat.ruleId,
  };
}

/** A threat the input recorded, written back in Threat Dragon's form. */
export function recordedEntry(recorded: RecordedThreat, number: number): JsonObject {
  return {
    id: recorded.id ?? stableUuid(`${recorded.element}|${recorded.title}|${number}`),
    title: recorded.title,
    status: recorded.status ?? 'Open',
    severity: recorded.severity ?? '',
    type: recorded.type ?? '',
    description: recorded.description ?? '',
    mitigation: recorded.mitigation ?? '',
    modelType: 'STRIDE',
    number,
  };
}

/**
 * A threat that groups many elements explains each one, and Threat Dragon repeats it on every
 * cell it affects, so long explanations are cut: the report keeps the whole text.
 */
const MAX_DESCRIPTION = 2000;

function shortened(text: string, fingerprint: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const cut = text.slice(0, MAX_DESCRIPTION).replace(/\s+\S*$/, '');
  return `${cut} ... (cut here; the Strider report has it all under fingerprint ${fingerprint})`;
}
