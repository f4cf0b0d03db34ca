import type { Threat } from '../engine/threat.js';

/**
 * Each element's threats, in report order, found in one pass: searching every threat's lists
 * for every element would take quadratic time on large models.
 */
export function threatsByElement(threats: readonly Threat[]): Map<string, Threat[]> {
  const byElement = new Map<string, Threat[]>();
  for (const threat of threats) {
    for (const element of new Set([...threat.components, ...threat.flows])) {
      const list = byElement.get(element);
      if (list) list.push(threat);
      else byElement.set(element, [threat]);
    }
  }
  return byElement;
}
