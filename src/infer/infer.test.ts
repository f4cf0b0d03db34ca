import { describe, expect, it } from 'vitest';
import { understand } from '../engine/pipeline.js';

function modelOf(text: string, file = 'diagram.mmd') {
  return understand({ text, file }).model;
}

function component(text: string, id: string) {
  const found = modelOf(text).components.find((c) => c.id === id);
  if (!found) throw new Error(`no component ${id}`);
  return found;
}

describe('components', () => {
  it('reads the technology from the label and applies its security defaults', () => {
    const cache = component('graph LR\n  api --> cache[(Redis Cache)]\n', 'cache');
    expect(cache.technology).toMatchObject({ value: 'redis', source: 'label' });
    expect(cache.kind).toMatchObject({ value: 'cache', source: 'technology' });
    expect(cache.authentication).toMatchObject({ value: false, source: 'technology' });
    expect(cache.authentication?.reason).toMatch(/Redis/);
  });

  it('leaves authentication undeclared when the technology has no known default', () => {
    const logs = component('graph LR\n  app --> logs[Log Service]\n', 'logs');
    expect(logs.kind.value).toBe('log-service');
    expect(logs.authentication).toBeUndefined();
  });

  it('reads data classes from the label', () => {
    const db = component('graph LR\n  app --> db[(Customer DB)]\n', 'db');
    expect(db.type).toMatchObject({ value: 'datastore', source: 'label' });
    expect(db.data.value).toEqual(expect.arrayContaining(['pii']));
    expect(db.data.source).toBe('label');
  });

  it('never replaces a declared fact', () => {
    const yaml =
      'components:\n  - { id: c, name: Redis, technology: redis, authentication: true }\n';
    const cache = understand({ text: yaml, file: 'm.yaml' }).model.components[0];
    expect(cache.authentication).toEqual({ value: true, source: 'declared' });
  });

  it('gives a declared kind its DFD type', () => {
    const yaml = 'components:\n  - { id: q, kind: queue }\n';
    const queue = understand({ text: yaml, file: 'm.yaml' }).model.components[0];
    expect(queue.type.value).toBe('datastore');
  });
});

describe('flows', () => {
  it.each([
    ['HTTPS', 'https', true, undefined],
    ['HTTPS/JWT', 'https', true, 'jwt'],
    ['mTLS', 'mtls', true, 'mtls'],
    ['TCP', 'tcp', false, undefined],
    ['gRPC', 'grpc', undefined, undefined],
    ['webhook', 'webhook', undefined, undefined],
  ])(
    'label %s gives protocol %s, encrypted %s, authentication %s',
    (label, protocol, enc, auth) => {
      const flow = modelOf(`graph LR\n  a[App] -->|${label}| b[Billing]\n`).flows[0];
      expect(flow.protocol?.value).toBe(protocol);
      expect(flow.encrypted?.value).toBe(enc);
      expect(flow.authentication?.value).toBe(auth);
    },
  );

  it('leaves an unlabeled flow with an unknown protocol', () => {
    const flow = modelOf('graph LR\n  a[App] --> b[Billing]\n').flows[0];
    expect(flow.protocol).toBeUndefined();
    expect(flow.encrypted).toBeUndefined();
  });

  it('takes the protocol of the target technology, plain by default', () => {
    const flow = modelOf('graph LR\n  a[App] --> b[(Redis)]\n').flows[0];
    expect(flow.protocol).toMatchObject({ value: 'redis', source: 'technology' });
    expect(flow.encrypted).toMatchObject({ value: false, source: 'technology' });
  });
});

describe('zones', () => {
  it('reads trust from subgraph names, nested ones inheriting', () => {
    const model = modelOf(
      [
        'graph LR',
        '  subgraph Internet',
        '    user[User]',
        '  end',
        '  subgraph DMZ',
        '    gw[API Gateway]',
        '  end',
        '  subgraph VPC',
        '    subgraph Blue[Team Blue]',
        '      app[App]',
        '    end',
        '  end',
        '  user --> gw --> app',
      ].join('\n'),
    );
    const trust = Object.fromEntries(model.zones.map((z) => [z.id, z.trust.value]));
    expect(trust).toEqual({ Internet: 'untrusted', DMZ: 'dmz', VPC: 'internal', Blue: 'internal' });
    expect(model.zones.find((z) => z.id === 'Blue')?.parent).toBe('VPC');
  });

  it('places elements by topology when the diagram draws no zones, and says so', () => {
    const model = modelOf(
      'graph LR\n  user[User] --> waf[WAF] --> gw[API Gateway] --> app[App] --> db[(DB)]\n',
    );
    const zoneOf = (id: string) => model.components.find((c) => c.id === id)?.zone;
    expect(zoneOf('user')?.value).toBe('internet');
    expect(zoneOf('waf')).toMatchObject({ value: 'edge', source: 'topology' });
    expect(zoneOf('gw')?.value).toBe('edge');
    expect(zoneOf('app')?.value).toBe('private');
    expect(zoneOf('db')?.value).toBe('private');
    expect(model.zones.every((zone) => zone.trust.source === 'assumed')).toBe(true);
    expect(model.components.find((c) => c.id === 'waf')?.internetExposed?.value).toBe(true);
  });
});
