import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Problem } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';
import { importerFor } from './index.js';
import { kubernetesImporter } from './kubernetes.js';
import { component, inputProblems } from '../../test/model-helpers.js';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test/fixtures/kubernetes',
);

function read(name: string) {
  return { text: readFileSync(path.join(FIXTURES, name), 'utf8'), file: name };
}

function load(name: string, ...more: string[]): { model: ThreatModel; warnings: Problem[] } {
  const input = read(name);
  return kubernetesImporter.parse(input.text, { file: input.file, extraInputs: more.map(read) });
}

function flowIds(model: ThreatModel): string[] {
  return model.flows.map((flow) => flow.id);
}

describe('kubernetes detection', () => {
  it('knows manifests by apiVersion and kind, in YAML or JSON', () => {
    expect(importerFor(read('workloads.yaml').text, 'workloads.yaml').format).toBe('kubernetes');
    const json = '{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {"name": "p"}\n}';
    expect(kubernetesImporter.detect(json, 'pod.json')).toBe(true);
    expect(kubernetesImporter.detect('services:\n  web: {}\n', 'docker-compose.yml')).toBe(false);
  });
});

describe('kubernetes workloads', () => {
  it('reads every pod-running kind, with the first catalog image as technology', () => {
    const { model, warnings } = load('workloads.yaml');
    expect(model.components.map((c) => c.id)).toEqual([
      'web',
      'db',
      'logs',
      'debug',
      'migrate',
      'backup',
    ]);
    expect(component(model, 'db').technology).toMatchObject({
      value: 'postgresql',
      reason: "image 'docker.io/library/postgres:16' is PostgreSQL",
    });
    expect(component(model, 'backup').technology?.value).toBe('redis');
    expect(component(model, 'debug').technology).toBeUndefined();
    expect(component(model, 'web').position).toEqual({ line: 5, column: 9 });
    expect(warnings).toEqual([]);
  });

  it('reads the items of a List', () => {
    const { model } = load('list.yaml');
    expect(model.components.map((c) => c.id)).toEqual(['api']);
  });

  it('puts each namespace in a zone and qualifies names used twice', () => {
    const { model, warnings } = load('namespaces.yaml');
    expect(model.zones.map((z) => z.id)).toEqual(['staging', 'production']);
    expect(model.components.map((c) => [c.id, c.zone?.value])).toEqual([
      ['staging/api', 'staging'],
      ['production/api', 'production'],
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'skipped-kind',
        line: 23,
        message: expect.stringContaining('skipped 2 ConfigMap objects'),
      }),
    ]);
  });
});

describe('kubernetes exposure', () => {
  it('exposes LoadBalancer and NodePort workloads, not internal load balancers', () => {
    const { model } = load('services.yaml');
    expect(component(model, 'shop').internetExposed).toMatchObject({
      value: true,
      source: 'declared',
    });
    expect(component(model, 'admin').internetExposed?.reason).toContain('port 30080 on every node');
    expect(component(model, 'reports').internetExposed).toBeUndefined();
  });

  it('keeps a Service that selects nothing, and ExternalName Services outside', () => {
    const { model, warnings } = load('services.yaml');
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['selects-nothing', 64]]);
    expect(component(model, 'legacy').kind.value).toBe('unknown');
    const payments = component(model, 'payments');
    expect(payments.type.value).toBe('external');
    expect(payments.zone).toBeUndefined();
  });

  it('models an Ingress as an exposed proxy routing to its backends', () => {
    const { model, warnings } = load('ingress.yaml');
    const ingress = component(model, 'public');
    expect(ingress.kind.value).toBe('reverse-proxy');
    expect(ingress.technology?.value).toBe('nginx');
    expect(ingress.internetExposed?.value).toBe(true);
    expect(flowIds(model)).toEqual(['public->frontend', 'public->api']);
    expect(component(model, 'api').internetExposed?.reason).toContain("Ingress 'public'");
    expect(component(model, 'internal').internetExposed).toBeUndefined();
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['unknown-service', 24]]);
  });
});

describe('kubernetes network policies', () => {
  const { model, warnings } = load('network-policies.yaml');

  it('turns ingress rules into flows, across namespaces by label', () => {
    expect(flowIds(model)).toEqual(['api->db', 'prometheus->db']);
  });

  it('sets network-policy per workload: isolated, open to anyone, or flat', () => {
    const control = (id: string) => component(model, id).controls['network-policy'];
    expect(control('api')).toMatchObject({ value: true, source: 'declared' });
    expect(control('db')?.reason).toContain("'default-deny', NetworkPolicy 'db-access'");
    expect(control('web')).toMatchObject({ value: false, source: 'declared' });
    expect(control('web')?.reason).toContain("'web-open' admits ingress from any source");
    expect(control('prometheus')).toMatchObject({ value: false, source: 'declared' });
    const zone = model.zones.find((z) => z.id === 'monitoring')!;
    expect(zone.trust.reason).toContain('flat network');
  });

  it('reports selectors that match nothing', () => {
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['selects-nothing', 51],
      ['selects-nothing', 54],
    ]);
  });

  it('calls the network flat, as an assumption, when no policy is in the input', () => {
    const control = component(load('workloads.yaml').model, 'web').controls['network-policy'];
    expect(control).toMatchObject({ value: false, source: 'assumed' });
  });

  it('honours the legacy DefaultDeny namespace annotation', () => {
    const text = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: old',
      '  annotations:',
      '    net.beta.kubernetes.io/network-policy: \'{"ingress": {"isolation": "DefaultDeny"}}\'',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p, namespace: old}',
      'spec: {containers: [{name: c, image: example/p:1}]}',
    ].join('\n');
    const { model: legacy } = kubernetesImporter.parse(text);
    expect(legacy.components[0]!.controls['network-policy']?.value).toBe(true);
  });
});

describe('kubernetes secrets and environment', () => {
  it('marks workloads that mount Secrets, and reports literal secrets', () => {
    const { model, warnings } = load('secrets.yaml');
    expect(component(model, 'api').data).toMatchObject({ value: ['secrets'], source: 'declared' });
    expect(component(model, 'worker').data.reason).toBe(
      "mounts Secrets 'worker-env', 'worker-tls'",
    );
    expect(component(model, 'api').controls['secrets-in-config']?.value).toBe(true);
    expect(component(model, 'legacy').controls['secrets-in-config']?.value).toBe(true);
    expect(component(model, 'worker').controls['secrets-in-config']).toBeUndefined();
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['secret-in-config', 5],
      ['secret-in-config', 55],
    ]);
    const text = warnings.map((w) => w.message).join('\n');
    expect(text).not.toContain('not-so-secret');
    expect(text).not.toContain('literal-token-value');
  });

  it('connects workloads to the Services their environment names', () => {
    const { model, warnings } = load('env-references.yaml');
    expect(flowIds(model)).toEqual([
      'orders->carts',
      'orders->payment',
      'orders->audit',
      'orders->catalogue',
    ]);
    expect(model.flows.map((f) => f.protocol?.value)).toEqual(['http', 'grpc', 'http', undefined]);
    expect(model.flows[1]!.protocol?.reason).toContain("port named 'grpc'");
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("'SHIPPING_ADDR' names host 'shipping'"),
    ]);
  });
});

describe('several manifests and bad input', () => {
  it('reads several files as one cluster', () => {
    const { model } = load('policies-only.yaml', 'workloads.yaml');
    expect(model.components).toHaveLength(6);
    expect(component(model, 'web').controls['network-policy']).toMatchObject({ value: true });
  });

  it('refuses policies without workloads, saying what to pass', () => {
    const problems = inputProblems(() => load('policies-only.yaml'));
    expect(problems.at(-1)!.message).toContain('pass the manifests too');
  });

  it('refuses a kustomization, saying how to render it', () => {
    const problems = inputProblems(() => load('kustomization.yaml'));
    expect(problems[0]).toMatchObject({ severity: 'warning', code: 'unsupported', line: 1 });
    expect(problems[0]!.message).toContain('kubectl kustomize');
    expect(problems.at(-1)!.code).toBe('no-workloads');
  });

  it('gives syntax errors their position', () => {
    const problems = inputProblems(() => load('malformed.yaml'));
    expect(problems[0]).toMatchObject({ code: 'yaml-syntax', file: 'malformed.yaml', line: 4 });
  });

  it('skips documents that are not objects and reads the rest', () => {
    const text =
      '- just\n- a list\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n' +
      'spec: {containers: [{name: c, image: busybox}]}\n';
    const { model, warnings } = kubernetesImporter.parse(text, { file: 'mixed.yaml' });
    expect(model.components.map((c) => c.id)).toEqual(['p']);
    expect(warnings[0]).toMatchObject({ code: 'not-an-object', line: 1 });
  });

  it('refuses a flood of documents and deep nesting, quickly', () => {
    const started = performance.now();
    const flood = 'apiVersion: v1\nkind: Pod\n' + '---\n'.repeat(200_000);
    expect(inputProblems(() => kubernetesImporter.parse(flood))[0]!.code).toBe(
      'too-many-documents',
    );
    const brackets = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const deep = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: ${brackets}\n`;
    expect(inputProblems(() => kubernetesImporter.parse(deep))[0]!.code).toBe('too-deep');
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
