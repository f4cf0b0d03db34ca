/**
 * Acceptance on real files (part B): every compose file, Kubernetes manifest, Threagile
 * model and graph IR file of the shared corpus imports, and the counts of components, flows
 * and zones match what the test computes from the raw files on its own, with simpler rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { understand, type SourceText } from '../src/engine/pipeline.js';
import { InputError } from '../src/model/problems.js';
import { HAS_SHARED, SHARED_ABSENT_NOTE, sharedPath } from './helpers.js';

type Fields = Record<string, any>;

const REAL = (...parts: string[]) => sharedPath('corpus', 'real', ...parts);

function source(file: string): SourceText {
  return { text: readFileSync(file, 'utf8'), file };
}

/** Test tables are built while collecting, even for skipped suites: no corpus, no files. */
function yamlFiles(folder: string): string[] {
  if (!HAS_SHARED) return [];
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(folder, name));
}

function counts(files: string[]) {
  const [first, ...rest] = files.map(source);
  const { model, format } = understand(first!, { extraInputs: rest });
  return {
    format,
    components: model.components.length,
    flows: model.flows.length,
    zones: model.zones.length,
  };
}

/** `${VAR:-default}` as its default, `${VAR}` as empty: no env file is given. */
function withDefaults(value: string): string {
  const variable = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g;
  return value.replace(variable, (_, fallback?: string) => fallback ?? '');
}

/** Whether an environment value names `host` the way services address each other. */
function namesHost(value: string, host: string): boolean {
  const escaped = host.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return new RegExp(`(^|//|@|=|,|\\s)${escaped}(:\\d+|/|;|,|$)`, 'i').test(value.trim());
}

/** Counts a compose project the plain way: services, networks used, and named neighbours. */
function expectedCompose(files: string[]) {
  const services = new Map<string, Fields>();
  const networks = new Set<string>();
  for (const file of files) {
    const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as Fields;
    for (const name of Object.keys(doc.networks ?? {})) networks.add(name);
    for (const [name, service] of Object.entries<Fields>(doc.services ?? {})) {
      const before = services.get(name) ?? {};
      const environment = { ...envOf(before.environment), ...envOf(service?.environment) };
      services.set(name, { ...before, ...service, environment });
    }
  }
  const pairs = new Set<string>();
  for (const [name, service] of services) {
    const dependsOn = service.depends_on ?? [];
    const targets: string[] = [
      ...(Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn)),
      ...(service.links ?? []).map((link: string) => link.split(':')[0]),
    ];
    for (const value of Object.values<string>(service.environment)) {
      const named = [...services.keys()].filter((other) => namesHost(withDefaults(value), other));
      targets.push(...named);
    }
    for (const target of targets) if (target !== name) pairs.add(`${name}>${target}`);
  }
  const onDefault = [...services.values()].some((s) => !s.networks && !s.network_mode);
  return {
    components: services.size,
    flows: pairs.size,
    zones: networks.size + (onDefault ? 1 : 0),
  };
}

function envOf(raw: unknown): Record<string, string> {
  const entries = Array.isArray(raw)
    ? raw.map((entry: string) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)])
    : Object.entries((raw ?? {}) as Fields).map(([key, value]) => [key, String(value ?? '')]);
  return Object.fromEntries(entries);
}

const WORKLOADS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  Pod: [],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Counts manifests the plain way: workloads, namespaces, and who may or does call whom. */
function expectedKubernetes(files: string[]) {
  const objects = files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS() as Fields)
      .filter((object) => object?.kind),
  );
  const namespaceOf = (o: Fields) => o.metadata?.namespace ?? 'default';
  const workloads = objects
    .filter((o) => o.kind in WORKLOADS)
    .map((o) => {
      const template = WORKLOADS[o.kind]!.reduce((at: Fields, key) => at?.[key], o);
      return {
        name: o.metadata.name,
        namespace: namespaceOf(o),
        labels: template?.metadata?.labels ?? o.metadata.labels ?? {},
        pod: template?.spec ?? o.spec,
      };
    });
  const matching = (labels: Fields | null | undefined, namespace: string) =>
    workloads.filter(
      (w) =>
        w.namespace === namespace &&
        Object.entries(labels ?? {}).every(([key, value]) => w.labels[key] === value),
    );
  const services = objects.filter((o) => o.kind === 'Service');
  const pairs = new Set<string>();
  for (const workload of workloads) {
    const containers = [...(workload.pod.containers ?? []), ...(workload.pod.initContainers ?? [])];
    for (const env of containers.flatMap((c: Fields) => c.env ?? [])) {
      for (const service of services.filter((s) => namespaceOf(s) === workload.namespace)) {
        if (typeof env.value !== 'string' || !namesHost(env.value, service.metadata.name)) continue;
        for (const target of matching(service.spec.selector, workload.namespace)) {
          if (target.name !== workload.name) pairs.add(`${workload.name}>${target.name}`);
        }
      }
    }
  }
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const targets = matching(policy.spec.podSelector?.matchLabels, namespaceOf(policy));
    for (const rule of policy.spec.ingress ?? []) {
      for (const peer of rule.from ?? []) {
        for (const from of matching(peer.podSelector?.matchLabels, namespaceOf(policy))) {
          for (const to of targets) if (from !== to) pairs.add(`${from.name}>${to.name}`);
        }
      }
    }
  }
  const zoned = ['Service', 'Ingress', 'NetworkPolicy', ...Object.keys(WORKLOADS)];
  const namespaces = new Set([
    ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name),
    ...objects.filter((o) => zoned.includes(o.kind)).map(namespaceOf),
  ]);
  const lone = services.filter((s) => matching(s.spec.selector, namespaceOf(s)).length === 0);
  return {
    components: workloads.length + lone.length,
    flows: pairs.size,
    zones: namespaces.size,
  };
}

describe.skipIf(!HAS_SHARED)('corpus: docker-compose', () => {
  const projects: [string, string[]][] = [
    ['voting-app', [REAL('voting-app', 'docker-compose.yml')]],
    ['sock-shop', [REAL('sock-shop', 'docker-compose.yml')]],
    ['netbox-docker', [REAL('netbox-docker', 'docker-compose.yml')]],
    ['eshoponcontainers base', [REAL('eshoponcontainers', 'docker-compose.yml')]],
    [
      'eshoponcontainers override alone',
      [REAL('eshoponcontainers', 'docker-compose.override.yml')],
    ],
    [
      'eshoponcontainers base + override',
      [
        REAL('eshoponcontainers', 'docker-compose.yml'),
        REAL('eshoponcontainers', 'docker-compose.override.yml'),
      ],
    ],
  ];
  it.each(projects)('%s imports with the counts of the source', (_, files) => {
    const { format, ...found } = counts(files);
    expect(format).toBe('compose');
    expect(found).toEqual(expectedCompose(files));
  });

  it('finds the flows the override adds through environment values', () => {
    const base = counts(projects[3]![1]);
    const merged = counts(projects[5]![1]);
    expect(merged.flows).toBeGreaterThan(base.flows);
  });
});

describe.skipIf(!HAS_SHARED)('corpus: Kubernetes', () => {
  const single = [
    ...yamlFiles(REAL('voting-app', 'k8s-specifications')),
    REAL('sock-shop', 'complete-demo.yaml'),
    REAL('gcp-online-boutique', 'kubernetes-manifests.yaml'),
  ];
  it.each(single.map((file) => [path.relative(REAL(), file), file]))(
    '%s imports alone with the counts of the source',
    (_, file) => {
      const { format, ...found } = counts([file]);
      expect(format).toBe('kubernetes');
      expect(found).toEqual(expectedKubernetes([file]));
    },
  );

  const sets: [string, string[]][] = [
    ['voting-app', yamlFiles(REAL('voting-app', 'k8s-specifications'))],
    [
      'sock-shop with policies',
      [
        REAL('sock-shop', 'complete-demo.yaml'),
        ...yamlFiles(REAL('sock-shop', 'manifests-policy')),
      ],
    ],
    [
      'gcp-online-boutique with policies',
      [
        REAL('gcp-online-boutique', 'kubernetes-manifests.yaml'),
        ...yamlFiles(REAL('gcp-online-boutique', 'network-policies')).filter(
          (file) => !file.endsWith('kustomization.yaml'),
        ),
      ],
    ],
  ];
  it.each(sets)('%s imports as one cluster with the counts of the source', (_, files) => {
    const { format, ...found } = counts(files);
    expect(format).toBe('kubernetes');
    expect(found).toEqual(expectedKubernetes(files));
  });

  it('refuses a policy file alone or a kustomization, saying what to pass instead', () => {
    const policies = [
      ...yamlFiles(REAL('sock-shop', 'manifests-policy')),
      ...yamlFiles(REAL('gcp-online-boutique', 'network-policies')),
    ];
    for (const file of policies) {
      try {
        const { model } = understand(source(file));
        // The sock-shop default-deny file is a Namespace: a zone and nothing else is an error.
        expect.unreachable(`${file} gave ${model.components.length} components`);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        const last = (error as InputError).problems.at(-1)!;
        expect(last).toMatchObject({ code: 'no-workloads', file });
      }
    }
  });
});

describe.skipIf(!HAS_SHARED)('corpus: Threagile and graph IR', () => {
  it.each(['example.yaml', 'stub.yaml'])('threagile/%s imports with the source counts', (name) => {
    const file = sharedPath('corpus', 'threagile', name);
    const raw = parse(readFileSync(file, 'utf8'), { merge: true }) as Fields;
    const assets = Object.values<Fields>(raw.technical_assets);
    const ids = new Set(assets.map((a) => a.id));
    const links = assets.flatMap((a) => Object.values<Fields>(a.communication_links ?? {}));
    const { model, format } = understand(source(file));
    expect(format).toBe('threagile');
    expect(model.components).toHaveLength(assets.length);
    expect(model.flows).toHaveLength(links.filter((l) => ids.has(l.target)).length);
    expect(model.zones).toHaveLength(Object.keys(raw.trust_boundaries ?? {}).length);
    expect(model.dataClasses).toHaveLength(Object.keys(raw.data_assets ?? {}).length);
  });

  it('the example has the 14 assets and 20 links the corpus README promises', () => {
    const { model } = understand(source(sharedPath('corpus', 'threagile', 'example.yaml')));
    expect([model.components.length, model.flows.length]).toEqual([14, 20]);
  });

  it('every graph IR file imports with the counts of the source', () => {
    const folder = sharedPath('corpus', 'threat-thinker', 'examples', 'diagrams', 'ir');
    const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const file = path.join(folder, name);
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Fields;
      const { model, format, warnings } = understand(source(file));
      expect(format).toBe('graph-ir');
      expect(warnings).toEqual([]);
      expect(model.components).toHaveLength(Object.keys(raw.nodes).length);
      expect(model.flows).toHaveLength(raw.edges.length);
      expect(model.zones).toHaveLength(Object.keys(raw.zones).length);
    }
  });
});

if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});
