import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { understand } from '../engine/pipeline.js';
import { type Problem } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';
import { composeImporter } from './compose.js';
import { importerFor } from './index.js';
import { component, inputProblems } from '../../test/model-helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../../test/fixtures/compose');

function read(name: string) {
  return { text: readFileSync(path.join(FIXTURES, name), 'utf8'), file: name };
}

function load(name: string, ...more: string[]): { model: ThreatModel; warnings: Problem[] } {
  const input = read(name);
  return composeImporter.parse(input.text, { file: input.file, extraInputs: more.map(read) });
}

function flowIds(model: ThreatModel): string[] {
  return model.flows.map((flow) => flow.id);
}

describe('compose detection', () => {
  it('knows compose files by name and by a top-level services key', () => {
    expect(composeImporter.detect('services: {}', 'docker-compose.override.yml')).toBe(true);
    expect(composeImporter.detect('services:\n  web: {}\n', 'stack.yaml')).toBe(true);
    expect(composeImporter.detect('services:\n  web: {}\n', 'notes.md')).toBe(false);
    const manifest = 'apiVersion: v1\nkind: Service\nservices: x\n';
    expect(composeImporter.detect(manifest, 'a.yaml')).toBe(false);
    expect(importerFor(read('networks.yml').text, 'networks.yml').format).toBe('compose');
  });
});

describe('compose services, networks and exposure', () => {
  it('turns networks into zones, the internal one declared internal', () => {
    const { model } = load('networks.yml');
    expect(model.zones.map((z) => z.id)).toEqual(['edge', 'backend', 'default']);
    const backend = model.zones.find((z) => z.id === 'backend')!;
    expect(backend.trust).toMatchObject({ value: 'internal', source: 'declared' });
    expect(model.zones.find((z) => z.id === 'edge')!.trust.source).toBe('assumed');
    expect(component(model, 'proxy').zone?.value).toBe('edge');
    expect(component(model, 'proxy').zone?.reason).toContain('edge, backend');
    expect(component(model, 'cron').zone?.value).toBe('default');
  });

  it('names technologies from images', () => {
    const { model } = load('networks.yml');
    expect(component(model, 'proxy').technology).toMatchObject({
      value: 'nginx',
      source: 'declared',
    });
    expect(component(model, 'db').technology?.value).toBe('postgresql');
    expect(component(model, 'api').technology).toBeUndefined();
  });

  it('never reads a container as a person or an outside party, whatever its name', () => {
    const text =
      'services:\n  user: {image: example/user}\n  payment: {image: example/pay}\n' +
      '  user-db: {image: example/db}\n';
    const model = understand({ text, file: 'docker-compose.yml' }).model;
    expect(model.components.map((c) => [c.id, c.type.value, c.kind.value])).toEqual([
      ['user', 'process', 'service'],
      ['payment', 'process', 'service'],
      ['user-db', 'datastore', 'database'],
    ]);
    expect(component(model, 'user').kind.reason).toBe(
      "a container; its name's 'user' does not make it a user",
    );
  });

  it('marks published ports as exposure, but not loopback or expose:', () => {
    const { model, warnings } = load('ports.yml');
    const exposed = (id: string) => component(model, id).internetExposed?.value;
    expect(exposed('public')).toBe(true);
    expect(exposed('ephemeral')).toBe(true);
    expect(exposed('loopback')).toBe(false);
    expect(exposed('long-form')).toBe(false);
    expect(exposed('private-only')).toBe(false);
    expect(component(model, 'public').internetExposed?.reason).toContain("'8080:80'");
    expect(warnings.find((w) => w.code === 'bad-port')).toMatchObject({ line: 28, column: 9 });
    expect(exposed('broken')).toBe(false);
  });

  it("reads network_mode host as exposure and service:x as x's zone", () => {
    const { model } = load('network-mode.yml');
    expect(component(model, 'agent').internetExposed?.value).toBe(true);
    expect(component(model, 'agent').zone).toBeUndefined();
    expect(component(model, 'sidecar').zone?.value).toBe('inner');
    expect(model.zones.map((z) => z.id)).toEqual(['inner']);
  });
});

describe('compose flows', () => {
  it('follows depends_on in both forms and reports unknown services', () => {
    const { model, warnings } = load('depends-on.yml');
    expect(flowIds(model)).toEqual(['web->api', 'web->cache', 'api->db']);
    const unknown = warnings.filter((w) => w.code === 'unknown-service');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ file: 'depends-on.yml', line: 13, column: 7 });
    expect(unknown[0]!.message).toContain("'queue'");
  });

  it('follows links and lets their aliases name hosts', () => {
    const { model } = load('links.yml');
    expect(flowIds(model)).toEqual(['app->database']);
    expect(model.flows[0]!.protocol).toMatchObject({ value: 'mysql', source: 'declared' });
  });

  it('finds hosts in URLs, host:port, HOST variables and connection strings', () => {
    const { model, warnings } = load('environment.yml');
    expect(flowIds(model)).toEqual([
      'orders->payments',
      'orders->cache',
      'orders->search',
      'orders->reports',
      'worker->inventory',
    ]);
    expect(model.flows[0]!.protocol?.value).toBe('https');
    expect(model.flows[1]!.protocol).toBeUndefined();
    const unknown = warnings.filter((w) => w.code === 'unknown-host');
    expect(unknown.map((w) => w.message)).toEqual([
      expect.stringContaining("'LEGACY_URL' names host 'legacy'"),
    ]);
  });

  it('reads anchors and merge keys', () => {
    const { model } = load('anchors.yml');
    expect(model.components.map((c) => c.id)).toEqual(['first', 'second', 'queue']);
    expect(flowIds(model)).toEqual(['first->queue', 'second->queue']);
    expect(model.flows[0]!.protocol?.value).toBe('amqp');
  });

  it('keeps YAML 1.1 words as strings, and reads them in boolean fields', () => {
    const { model, warnings } = load('yaml11-words.yml');
    expect(model.components.map((c) => c.id)).toEqual(['no', 'caller']);
    expect(flowIds(model)).toEqual(['caller->no']);
    const trust = (id: string) => model.zones.find((z) => z.id === id)!.trust.source;
    expect(trust('private')).toBe('declared');
    expect(trust('public')).toBe('assumed');
    expect(warnings).toEqual([]);
  });
});

describe('compose secrets', () => {
  it('reports literal secrets by service and variable, without the value', () => {
    const { model, warnings } = load('secrets.yml');
    const secrets = warnings.filter((w) => w.code === 'secret-in-config');
    expect(secrets.map((w) => [w.line, w.message.match(/variable '([^']+)'/)?.[1]])).toEqual([
      [6, 'POSTGRES_PASSWORD'],
      [13, 'DB_URL'],
    ]);
    const text = warnings.map((w) => w.message).join('\n');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('s3cr3t');
    expect(component(model, 'db').controls['secrets-in-config']).toMatchObject({
      value: true,
      source: 'declared',
    });
    expect(component(model, 'vault-user').controls['secrets-in-config']).toBeUndefined();
    expect(component(model, 'vault-user').data.value).toEqual(['secrets']);
  });
});

describe('compose interpolation', () => {
  it('uses the env file, defaults and $$, and reports each unset variable once', () => {
    const env = read('interpolation.env');
    const input = read('interpolation.yml');
    const { model, warnings } = composeImporter.parse(input.text, { file: input.file, env });
    expect(component(model, 'web').technology?.reason).toBe(
      "image 'docker.io/library/nginx:1.27' is NGINX",
    );
    expect(flowIds(model)).toEqual(['web->backend']);
    const unset = warnings.filter((w) => w.code === 'unset-variable').map((w) => w.message);
    expect(unset).toEqual([
      expect.stringContaining("'UNSET_ONE' is not set"),
      expect.stringContaining("'BACKEND_TAG' is required but not set: set a tag"),
    ]);
    expect(warnings.find((w) => w.code === 'env-syntax')).toMatchObject({
      file: 'interpolation.env',
      line: 4,
    });
  });

  it('leaves variables empty without an env file; the variable name still names the host', () => {
    const { model, warnings } = load('interpolation.yml');
    const image = component(model, 'web').technology?.reason;
    expect(image).toBe("image 'docker.io/library/nginx:' is NGINX");
    expect(flowIds(model)).toEqual(['web->backend']);
    expect(model.flows[0]!.protocol).toBeUndefined();
    expect(warnings.filter((w) => w.code === 'unset-variable')).toHaveLength(4);
  });
});

describe('several compose files', () => {
  it('merges in order: images replaced, ports and environment added, new services kept', () => {
    const { model } = load('base.yml', 'override.yml');
    expect(model.components.map((c) => c.id)).toEqual(['web', 'api', 'db']);
    expect(component(model, 'web').internetExposed?.value).toBe(true);
    expect(flowIds(model)).toEqual(['web->api', 'api->db']);
    expect(component(model, 'db').position).toEqual({ line: 10, column: 3 });
  });

  it('goes through understand() with extraInputs, and other formats refuse them', () => {
    const base = read('base.yml');
    const { model, format } = understand(base, { extraInputs: [read('override.yml')] });
    expect(format).toBe('compose');
    expect(model.components).toHaveLength(3);
    const problems = inputProblems(() =>
      understand({ text: 'graph LR\n a --> b\n', file: 'a.mmd' }, { extraInputs: [base] }),
    );
    expect(problems[0]!.message).toMatch(/^mermaid reads one file, got 2; .*: .*compose/);
  });
});

describe('bad and hostile compose input', () => {
  it('reports what it does not follow and reads the rest', () => {
    const { model, warnings } = load('unsupported.yml');
    expect(model.components.map((c) => c.id)).toEqual(['web']);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['unsupported', 2],
      ['unsupported', 7],
      ['unsupported', 10],
      ['unknown-network', 13],
      ['env-file-not-read', 12],
      ['unknown-service', 14],
    ]);
  });

  it('gives a syntax error its position', () => {
    const problems = inputProblems(() => load('malformed.yml'));
    expect(problems[0]).toMatchObject({
      severity: 'error',
      code: 'yaml-syntax',
      file: 'malformed.yml',
    });
    expect(problems[0]!.line).toBeGreaterThan(1);
  });

  it('refuses alias bombs quickly', () => {
    const started = performance.now();
    const problems = inputProblems(() => load('billion-laughs.yml'));
    expect(problems[0]!.code).toBe('yaml-aliases');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a file without services', () => {
    const problems = inputProblems(() => composeImporter.parse('volumes: {}\n', { file: 'c.yml' }));
    expect(problems.at(-1)).toMatchObject({ code: 'no-services', file: 'c.yml' });
  });

  it('reports gigantic numbers as bad ports without echoing them', () => {
    const text = `services:\n  web:\n    ports:\n      - ${'9'.repeat(100_000)}:80\n`;
    const { warnings } = composeImporter.parse(text, { file: 'c.yml' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message.length).toBeLessThan(200);
  });
});
