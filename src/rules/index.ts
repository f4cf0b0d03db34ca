import dmzReachesPrivateZone from './dmz-reaches-private-zone.js';
import sensitiveDataInLogs from './sensitive-data-in-logs.js';
import sensitiveDataToStoreUnencrypted from './sensitive-data-to-store-unencrypted.js';
import unauthenticatedInternalService from './unauthenticated-internal-service.js';
import unencryptedInternalFlow from './unencrypted-internal-flow.js';
import type { Rule } from './rule.js';

/** Every rule Strider runs, in ID order. A registry test checks this matches the files. */
export const RULES: readonly Rule[] = [
  unauthenticatedInternalService,
  unencryptedInternalFlow,
  sensitiveDataToStoreUnencrypted,
  sensitiveDataInLogs,
  dmzReachesPrivateZone,
];

export { defineRule, LEVELS, STRIDE } from './rule.js';
export type {
  ControlState,
  Evidence,
  Finding,
  Level,
  Rule,
  RuleExample,
  RuleMeta,
  RuleReferences,
  StrideLetter,
} from './rule.js';
