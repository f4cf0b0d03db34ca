import { controlGap, namesWith, verb } from '../engine/findings.js';
import { MONITORING_KINDS, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0035',
    slug: 'security-events-not-logged',
    title: 'Security events at entry points and identity providers not logged',
    stride: ['R'],
    references: {
      cwe: ['CWE-778'],
      asvs: ['V16.3.1', 'V16.3.3'],
      asvs4: ['V7.2.1', 'V7.1.3'],
    },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'Components that take requests from outside, and identity providers, decide who gets ' +
      'in. When they send no events to a log or monitoring service and declare no security ' +
      'logging, failed logins, refused requests and abuse leave no trace to investigate.',
    recommendation:
      'Log authentication successes and failures, authorization refusals and input ' +
      'validation failures with who, what, when and where, and ship them to a central log ' +
      'service out of reach of the application.',
    examples: {
      fires: {
        description: 'A public API with nowhere to send its logs.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: api, name: API, kind: service }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The API ships events to a log service.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: api, name: API, kind: service }',
          '  - { id: logs, name: Logs, kind: log-service }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
          '  - { from: api, to: logs, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const doors = new Set(query.frontDoors());
    const silent = query.components.filter(
      (c) => isGatekeeper(query, c, doors) && !query.recordsSecurityEvents(c),
    );
    const sinks = query.components.some((c) => MONITORING_KINDS.has(c.kind.value));
    return controlGap({
      components: silent,
      controls: ['security-logging'],
      why:
        `${namesWith(
          query,
          silent.map((c) => c.id),
          'decides',
          'decide',
        )} who gets in, yet ` +
        `${verb(silent, 'sends', 'send')} no events ` +
        (sinks ? 'to the log services in the model' : 'anywhere (the model has no log service)') +
        ` and ${verb(silent, 'declares', 'declare')} no security logging.`,
    });
  },
});

/** Front doors that ordinary outsiders use (admin-only ones are STR-0038's), and IdPs. */
function isGatekeeper(query: ModelQuery, component: Component, doors: Set<Component>): boolean {
  if (query.isOutside(component) || component.type.value !== 'process') return false;
  if (component.kind.value === 'identity-provider') return true;
  if (!doors.has(component)) return false;
  const outsiders = query.callers(component.id).filter((caller) => query.isOutside(caller));
  return outsiders.length === 0 || outsiders.some((caller) => caller.kind.value !== 'admin-user');
}
