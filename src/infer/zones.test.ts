import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../engine/pipeline.js';
import { HAS_SHARED, SHARED_ABSENT_NOTE, sharedPath, threatsOf } from '../../test/helpers.js';
import { trustFromZoneName } from './zones.js';

const trustOf = (name: string) => trustFromZoneName(name)?.trust;

describe('zone names', () => {
  it('reads hosted infrastructure as internal, not as the internet', () => {
    expect(trustOf('Public Cloud')).toBe('internal');
    expect(trustOf('Private Cloud')).toBe('internal');
    expect(trustOf('Cloud')).toBe('internal');
    expect(trustOf('AWS')).toBe('internal');
    expect(trustOf('Main Data Center')).toBe('internal');
  });

  it('reads public-facing services as a DMZ', () => {
    expect(trustOf('Public API')).toBe('dmz');
    expect(trustOf('Public Website')).toBe('dmz');
    expect(trustOf('Public-facing services')).toBe('dmz');
  });

  it('lets a stronger word of the name decide over a hosting word or phrase', () => {
    expect(trustOf('Public Cloud DMZ')).toBe('dmz');
    expect(trustOf('Cloud Users')).toBe('untrusted');
    expect(trustOf('Internet Cloud')).toBe('untrusted');
    expect(trustOf('Data Center Database Tier')).toBe('restricted');
    expect(trustFromZoneName('Public Cloud')?.matched).toBe('public cloud');
  });

  it('still reads the public internet as untrusted', () => {
    expect(trustOf('Public')).toBe('untrusted');
    expect(trustOf('Public Internet')).toBe('untrusted');
    expect(trustOf('Public Subnet')).toBe('dmz');
    expect(trustOf('Rack 7')).toBeUndefined();
  });

  it('analyzes a three-tier app in a public cloud as the system, not as outsiders', () => {
    const model = (cloud: string) => `
zones:
  - { id: net, name: Internet }
  - { id: cloud, name: ${cloud} }
components:
  - { id: browser, name: Browser, kind: browser, zone: net }
  - { id: web, name: Web Service, kind: service, zone: cloud }
  - { id: db, name: Orders DB, type: datastore, kind: database, zone: cloud, data: [pii] }
flows:
  - { from: browser, to: web }
  - { from: web, to: db }
`;
    // In a public cloud the service is the system's own entry point; on the internet it is not.
    const slugs = (cloud: string) => threatsOf(model(cloud)).map((t) => t.slug);
    expect(slugs('Public Cloud')).toContain('internet-facing-service-without-authentication');
    expect(slugs('Public Internet')).not.toContain(
      'internet-facing-service-without-authentication',
    );
  });

  it.skipIf(!HAS_SHARED)('gives the Threat Dragon three-tier demo a report', () => {
    const file = sharedPath('corpus/threat-dragon/demo/three-tier-web-app.json');
    const { report, model } = analyze({ text: readFileSync(file, 'utf8'), file });
    expect(model.zones.find((z) => z.name === 'Public Cloud')?.trust.value).toBe('internal');
    const webService = model.components.find((c) => c.name === 'Web Service')!.id;
    expect(report.threats.flatMap((t) => t.components)).toContain(webService);
  });
  if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});
});
