import { controlGap, namesWith, verb } from '../engine/findings.js';
import type { ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0037',
    slug: 'no-security-alerting',
    title: 'Logs and metrics collected but nobody is alerted',
    stride: ['R', 'D'],
    references: { cwe: ['CWE-778'], asvs: ['V16.4.3'], asvs4: ['V1.7.2'] },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'The model has log or monitoring services, but none of them feeds an alerting service ' +
      'or declares alerting. Attacks and outages are recorded and noticed only when someone ' +
      'happens to look, often long after the fact.',
    recommendation:
      'Define alerts for security events (bursts of failed logins, privilege changes, WAF ' +
      'blocks, errors) and route them to an on-call channel; declare `alerting: true`.',
    examples: {
      fires: {
        description: 'Prometheus scrapes metrics and alerts nobody.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - { id: prom, name: Metrics, technology: prometheus }',
          'flows:',
          '  - { from: prom, to: api, protocol: http }',
        ].join('\n'),
      },
      quiet: {
        description: 'Prometheus feeds Alertmanager.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - { id: prom, name: Metrics, technology: prometheus }',
          '  - { id: am, name: Alerts, technology: alertmanager }',
          'flows:',
          '  - { from: prom, to: api, protocol: http }',
          '  - { from: prom, to: am, protocol: http }',
        ].join('\n'),
      },
    },
    requiresKinds: ['log-service', 'monitoring'],
  },

  check(query) {
    const collectors = query.components.filter(
      (c) =>
        (c.kind.value === 'log-service' || c.kind.value === 'monitoring') && !query.isOutside(c),
    );
    if (collectors.length === 0 || collectors.some((c) => raisesAlerts(query, c))) return [];
    return controlGap({
      components: collectors,
      controls: ['alerting'],
      why:
        `${namesWith(
          query,
          collectors.map((c) => c.id),
          'collects',
          'collect',
        )} events, but ` +
        verb(
          collectors,
          'it feeds no alerting service and declares no alerting.',
          'none feeds an alerting service or declares alerting.',
        ),
    });
  },
});

function raisesAlerts(query: ModelQuery, collector: Component): boolean {
  if (query.hasControl(collector, 'alerting')) return true;
  return query.callees(collector.id).some((peer) => peer.kind.value === 'alerting');
}
