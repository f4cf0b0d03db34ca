import { describe, expect, it } from 'vitest';
import { COMPONENT_KINDS, ELEMENT_TYPES, SENSITIVITIES } from '../model/types.js';
import {
  DATA_CLASSES,
  DATA_WORDS,
  KIND_WORDS,
  TECHNOLOGIES,
  findTechnologyById,
  isSensitiveLevel,
  labelPattern,
  matchDataClassesInLabel,
  matchDataClassesInWords,
  matchKindInLabel,
  matchKindInWords,
  matchTechnologyByImage,
  matchTechnologyInLabel,
  matchTechnologyInWords,
  normalizeImageName,
  sensitivityOf,
  tokenizeLabel,
} from './index.js';

const techOf = (label: string) => matchTechnologyInLabel(label)?.technology.id;
const kindOf = (label: string) => matchKindInLabel(label)?.kind;
const classesOf = (label: string) => matchDataClassesInLabel(label).map((m) => m.dataClass);
const byId = (id: string) => {
  const technology = findTechnologyById(id);
  if (!technology) throw new Error(`no technology '${id}'`);
  return technology;
};

/**
 * Rewrites a phrase the way diagrams do: random letter case, random separators between words,
 * and punctuation or filler words around it. Seeded, so a failure can be replayed.
 */
function mangler(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const separators = [' ', '-', '_', '/', '.', ' - ', '  ', ': '];
  const before = ['', '(', '[', '"', '#1 ', 'prod ', 'primary: '];
  const after = ['', ')', ']', '"', ' (prod)', ' v2', ' #3', ', east'];
  return (phrase: string): string => {
    const words = tokenizeLabel(phrase).map((word) =>
      [...word].map((char) => (next() < 0.5 ? char.toUpperCase() : char)).join(''),
    );
    let body = words[0]!;
    for (const word of words.slice(1)) body += pick(separators) + word;
    return pick(before) + body + pick(after);
  };
}
const FILLER_WORDS = ['prod', 'primary', 'v2', 'east', '1', '3'];

describe('technology catalog', () => {
  it('has at least 80 technologies with unique kebab-case IDs', () => {
    expect(TECHNOLOGIES.length).toBeGreaterThanOrEqual(80);
    const ids = TECHNOLOGIES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('uses only known kinds, types and defaults', () => {
    for (const technology of TECHNOLOGIES) {
      expect(COMPONENT_KINDS).toContain(technology.kind);
      expect(ELEMENT_TYPES).toContain(technology.type);
      expect(technology.type).not.toBe('actor');
      expect(technology.names.length).toBeGreaterThan(0);
      for (const note of Object.values(technology.notes)) expect(note).toMatch(/\.$/);
    }
  });

  it('lists names in lower case, each naming one technology only', () => {
    // Where two products could claim a phrase, one entry owns it: "alert manager" belongs to
    // Prometheus Alertmanager, and Elasticsearch is one entry (a log service) for both its
    // logging and its search uses.
    const owner = new Map<string, string>();
    for (const technology of TECHNOLOGIES) {
      for (const name of technology.names) {
        expect(name).toBe(name.toLowerCase());
        const key = tokenizeLabel(name).join(' ');
        expect(owner.get(key), `'${name}'`).toBeUndefined();
        owner.set(key, technology.id);
      }
    }
    expect(owner.get('alert manager')).toBe('alertmanager');
    expect(byId('elasticsearch').kind).toBe('log-service');
  });

  it('lists each image once, without registry or tag', () => {
    const seen = new Set<string>();
    for (const image of TECHNOLOGIES.flatMap((t) => t.images)) {
      expect(seen.has(image), image).toBe(false);
      seen.add(image);
      expect(normalizeImageName(image)).toBe(image);
    }
  });

  it('keeps generic nouns out of technology names', () => {
    const generic = [
      'db',
      'database',
      'cache',
      'gateway',
      'api gateway',
      'waf',
      'user',
      'users',
      'service',
      'api',
      'app',
      'server',
      'queue',
      'storage',
      'bucket',
      'proxy',
      'cdn',
      'load balancer',
      'search',
      'registry',
      'cluster',
      'function',
      'log',
      'email',
      'payment',
      'web',
      'apache',
      'aws',
      'azure',
      'google',
      'cloud',
      'elastic',
    ];
    const names = new Set(TECHNOLOGIES.flatMap((t) => t.names));
    for (const word of generic) expect(names.has(word), word).toBe(false);
  });

  it('records the defaults the rules rely on', () => {
    expect(byId('redis').defaults).toMatchObject({ authentication: false, tls: false });
    expect(byId('memcached').defaults.authentication).toBe(false);
    expect(byId('postgresql').defaults).toMatchObject({ authentication: true, tls: false });
    expect(byId('mysql').defaults.authentication).toBe(true);
    expect(byId('mongodb').defaults.authentication).toBe(false);
    expect(byId('elasticsearch').defaults).toMatchObject({ authentication: true, tls: true });
    expect(byId('prometheus').defaults.authentication).toBe(false);
    expect(byId('alertmanager').defaults.authentication).toBe(false);
    expect(byId('grafana').defaults.adminInterface).toBe(true);
    expect(byId('grafana').notes.authentication).toContain('admin/admin');
    expect(byId('jenkins').defaults.adminInterface).toBe(true);
    expect(byId('kibana').defaults.authentication).toBe(false);
    expect(byId('kafka').defaults.authentication).toBe(false);
    expect(byId('rabbitmq').notes.authentication).toContain('localhost');
    for (const id of ['zookeeper', 'etcd', 'consul']) {
      expect(byId(id).defaults.authentication, id).toBe(false);
    }
    for (const id of ['aws-s3', 'aws-dynamodb']) {
      expect(byId(id).defaults, id).toMatchObject({
        authentication: true,
        tls: true,
        encryptionAtRest: true,
      });
    }
  });

  it('claims no default for generic entries it cannot know', () => {
    const logService = byId('generic-log-service');
    expect(logService.kind).toBe('log-service');
    expect(logService.defaults.authentication).toBeUndefined();
    expect(logService.notes.authentication).toBeDefined();
    expect(byId('generic-analytics-db').defaults.storesData).toBe(true);
    expect(byId('generic-monitoring').kind).toBe('monitoring');
    expect(byId('generic-alerting').kind).toBe('alerting');
  });

  it('finds technologies by ID', () => {
    expect(findTechnologyById('redis')?.name).toBe('Redis');
    expect(findTechnologyById('no-such-thing')).toBeUndefined();
  });
});

describe('matchTechnologyInLabel', () => {
  it.each([
    ['Redis Cache', 'redis'],
    ['redis-cache', 'redis'],
    ['AWS S3 bucket', 'aws-s3'],
    ['Amazon RDS (Postgres)', 'aws-rds'],
    ['Azure OpenAI', 'azure-openai'],
    ['OpenAI', 'openai'],
    ['Alert Manager', 'alertmanager'],
    ['Log Service', 'generic-log-service'],
    ['Analytics DB', 'generic-analytics-db'],
    ['Monitoring Service', 'generic-monitoring'],
    ['Azure Cosmos DB', 'azure-cosmos-db'],
    ['Google Pub/Sub', 'gcp-pubsub'],
    ['Azure Cache for Redis', 'azure-cache-for-redis'],
    ['Azure Active Directory', 'entra-id'],
  ])('reads %j as %s', (label, id) => {
    expect(techOf(label)).toBe(id);
  });

  it('prefers the longest phrase and reports it', () => {
    expect(matchTechnologyInLabel('Azure OpenAI')?.matched).toBe('azure openai');
    expect(matchTechnologyInLabel('AWS Elastic Load Balancer')?.matched).toBe(
      'elastic load balancer',
    );
  });

  it('prefers a named product over a generic entry', () => {
    expect(techOf('Web Server (Nginx)')).toBe('nginx');
    expect(techOf('Monitoring (Prometheus)')).toBe('prometheus');
    expect(techOf('Log Service - Loki')).toBe('loki');
    expect(techOf('Analytics DB on ClickHouse')).toBe('clickhouse');
  });

  it('breaks ties between equal phrases as documented', () => {
    // A container platform only says where something runs.
    expect(techOf('Postgres on Kubernetes')).toBe('postgresql');
    expect(techOf('Docker: Redis')).toBe('redis');
    // A managed cloud service says how the engine is run.
    expect(techOf('Redis (ElastiCache)')).toBe('aws-elasticache');
    expect(techOf('RDS Postgres')).toBe('aws-rds');
    // Otherwise the first one named.
    expect(techOf('Kafka ZooKeeper')).toBe('kafka');
  });

  it('matches whole words only', () => {
    expect(techOf('Cashier')).toBeUndefined();
    expect(techOf('Reddit')).toBeUndefined();
    expect(techOf('Logo Service')).toBeUndefined();
    expect(techOf('Kafkaesque workflow')).toBeUndefined();
    expect(techOf('Elastic Beanstalk')).toBe('aws-elastic-beanstalk');
    expect(techOf('Customer DB')).toBeUndefined();
  });

  it('ignores case and punctuation (property check over every name)', () => {
    const names = new Set(TECHNOLOGIES.flatMap((t) => t.names.flatMap(tokenizeLabel)));
    for (const word of FILLER_WORDS) expect(names.has(word), word).toBe(false);
    for (let seed = 1; seed <= 5; seed++) {
      const mangle = mangler(seed);
      for (const technology of TECHNOLOGIES) {
        for (const name of technology.names) {
          const label = mangle(name);
          expect(techOf(label), `${label} (seed ${seed})`).toBe(technology.id);
        }
      }
    }
  });
});

describe('matchTechnologyByImage', () => {
  it.each([
    ['docker.io/library/redis:7-alpine', 'redis'],
    ['redis', 'redis'],
    ['redis@sha256:0123abcd', 'redis'],
    ['localhost:5000/redis:7', 'redis'],
    ['bitnami/postgresql:15', 'postgresql'],
    ['postgres:16.2', 'postgresql'],
    ['quay.io/prometheus/prometheus:v2.50.0', 'prometheus'],
    ['mcr.microsoft.com/mssql/server:2022-latest', 'mssql'],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.13.0', 'elasticsearch'],
    ['MONGO:7', 'mongodb'],
    ['registry.example.com/acme/rabbitmq:3-management', 'rabbitmq'],
  ])('reads %s as %s', (image, id) => {
    expect(matchTechnologyByImage(image)?.technology.id).toBe(id);
  });

  it('strips registry, library prefix, tag and digest', () => {
    expect(normalizeImageName('docker.io/library/redis:7-alpine')).toBe('redis');
    expect(normalizeImageName('localhost:5000/team/api:1.0')).toBe('team/api');
    expect(normalizeImageName('ghcr.io/acme/web@sha256:ff')).toBe('acme/web');
    expect(normalizeImageName('acme/web')).toBe('acme/web');
  });

  it('leaves unknown images unmatched', () => {
    expect(matchTechnologyByImage('acme/orders-api:1.2')).toBeUndefined();
    expect(matchTechnologyByImage('weaveworksdemos/user-db')).toBeUndefined();
  });
});

describe('matchKindInLabel', () => {
  it.each([
    ['Analytics DB', 'analytics'],
    ['Log Service', 'log-service'],
    ['Customer DB', 'database'],
    ['App Service', 'service'],
    ['API Gateway', 'api-gateway'],
    ['User DB', 'database'],
    ['Monitoring Service', 'monitoring'],
    ['Alert Manager', 'alerting'],
    ['Lambda Worker', 'serverless-function'],
    ['SNS Topic', 'message-broker'],
    ['Customer', 'user'],
    ['Admin', 'admin-user'],
    ['Admin Console', 'admin-interface'],
    ['Mobile App', 'mobile-app'],
    ['Web Application Firewall', 'waf'],
    ['Payments', 'payment-provider'],
    ['Payment Service', 'service'],
    ['Auth DB', 'database'],
    ['Vector DB', 'vector-store'],
    ['RAG Chatbot', 'llm-app'],
    ['Third-party API', 'external-service'],
    ['File Share', 'file-store'],
    ['Cache DB', 'cache'],
  ])('reads %j as %s', (label, kind) => {
    expect(kindOf(label)).toBe(kind);
  });

  it('gives the type with the kind', () => {
    expect(matchKindInLabel('Customers')).toEqual({
      kind: 'user',
      type: 'actor',
      matched: 'customers',
    });
    expect(matchKindInLabel('Orders DB')?.type).toBe('datastore');
  });

  it('matches whole words only', () => {
    expect(kindOf('Cashier')).toBeUndefined();
    expect(kindOf('Logo Service')).toBe('service');
    expect(kindOf('Dbase')).toBeUndefined();
  });

  it('has one entry per phrase, each with a known kind and a priority', () => {
    const seen = new Set<string>();
    for (const word of KIND_WORDS) {
      const key = tokenizeLabel(word.phrase).join(' ');
      expect(seen.has(key), word.phrase).toBe(false);
      seen.add(key);
      expect(word.phrase).toBe(word.phrase.toLowerCase());
      expect(COMPONENT_KINDS).toContain(word.kind);
      expect(ELEMENT_TYPES).toContain(word.type);
      expect(Number.isFinite(word.priority)).toBe(true);
    }
  });

  it('ignores case and punctuation (property check over every phrase)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const mangle = mangler(seed);
      for (const word of KIND_WORDS) {
        const label = mangle(word.phrase);
        expect(kindOf(label), `${label} (seed ${seed})`).toBe(word.kind);
      }
    }
  });
});

describe('data classes', () => {
  it('has the built-in classes with valid sensitivities', () => {
    expect(DATA_CLASSES.map((c) => c.id).sort()).toEqual(
      [
        'pii',
        'credentials',
        'secrets',
        'payment',
        'health',
        'session-tokens',
        'customer-data',
        'user-content',
        'logs',
        'telemetry',
        'source-code',
        'business',
        'public',
        'model-prompts',
      ].sort(),
    );
    for (const dataClass of DATA_CLASSES) expect(SENSITIVITIES).toContain(dataClass.sensitivity);
  });

  it('maps every data word to known classes, one entry per phrase', () => {
    const ids = new Set(DATA_CLASSES.map((c) => c.id));
    const seen = new Set<string>();
    for (const word of DATA_WORDS) {
      const key = tokenizeLabel(word.phrase).join(' ');
      expect(seen.has(key), word.phrase).toBe(false);
      seen.add(key);
      for (const id of word.dataClasses) expect(ids.has(id), id).toBe(true);
    }
  });

  it.each([
    ['Customers', ['customer-data', 'pii']],
    ['User DB', ['pii']],
    ['user data', ['pii']],
    ['Passwords', ['credentials']],
    ['API keys', ['secrets']],
    ['Session tokens', ['session-tokens']],
    ['Credit card payments', ['payment']],
    ['Patient records', ['health']],
    ['Orders', ['business']],
    ['Audit logs', ['logs']],
    ['Metrics', ['telemetry']],
    ['Prompts', ['model-prompts']],
    ['Source code', ['source-code']],
    ['Public key', ['public']],
    ['Customer orders & card data', ['business', 'customer-data', 'payment', 'pii']],
  ])('reads %j as %j', (label, expected) => {
    expect(classesOf(label)).toEqual(expected);
  });

  it('returns sorted, deduplicated matches with the first phrase that named each class', () => {
    expect(matchDataClassesInLabel('card: credit / billing, invoice')).toEqual([
      { dataClass: 'payment', matched: 'card' },
    ]);
    expect(classesOf('Order Service')).toEqual(['business']);
    expect(classesOf('Data source')).toEqual([]);
    expect(classesOf('Keycloak')).toEqual([]);
  });

  it('ignores case and punctuation (property check over every phrase)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const mangle = mangler(seed);
      for (const word of DATA_WORDS) {
        const label = mangle(word.phrase);
        expect(classesOf(label), `${label} (seed ${seed})`).toEqual([...word.dataClasses].sort());
      }
    }
  });

  it('gives sensitivities, letting the model override', () => {
    expect(sensitivityOf('credentials')).toBe('restricted');
    expect(sensitivityOf('pii')).toBe('confidential');
    expect(sensitivityOf('logs')).toBe('internal');
    expect(sensitivityOf('no-such-class')).toBe('internal');
    const extra = [
      { id: 'logs', name: 'Logs', sensitivity: 'restricted' as const },
      { id: 'ledger', name: 'Ledger', sensitivity: 'confidential' as const },
    ];
    expect(sensitivityOf('logs', extra)).toBe('restricted');
    expect(sensitivityOf('ledger', extra)).toBe('confidential');
    expect(isSensitiveLevel(sensitivityOf('ledger', extra))).toBe(true);
    expect(isSensitiveLevel(sensitivityOf('secrets'))).toBe(true);
    expect(isSensitiveLevel(sensitivityOf('telemetry'))).toBe(false);
    expect(isSensitiveLevel(sensitivityOf('public'))).toBe(false);
    expect(isSensitiveLevel(sensitivityOf('no-such-class'))).toBe(false);
  });
});

describe('labelPattern', () => {
  const matchesOf = (words: readonly string[]) => ({
    technology: matchTechnologyInWords(words),
    kind: matchKindInWords(words),
    data: matchDataClassesInWords(words),
  });

  it('keeps the words the tables list, in place, and blanks the others', () => {
    const pattern = labelPattern(tokenizeLabel('App Service 1'));
    expect(labelPattern(tokenizeLabel('app-service #2'))).toBe(pattern);
    expect(labelPattern(tokenizeLabel('Redis Cache'))).toContain('redis');
    expect(labelPattern(tokenizeLabel('Zqxv Cache'))).not.toBe(
      labelPattern(tokenizeLabel('Redis Cache')),
    );
    // Place matters: a blank between two words keeps them from reading as one phrase.
    expect(labelPattern(tokenizeLabel('API Zqxv Gateway'))).not.toBe(
      labelPattern(tokenizeLabel('API Gateway Zqxv')),
    );
  });

  it('gives labels with one pattern the same matches (property check)', () => {
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const phrases = [
      ...TECHNOLOGIES.flatMap((technology) => technology.names),
      ...KIND_WORDS.map((word) => word.phrase),
      ...DATA_WORDS.map((word) => word.phrase),
    ].map(tokenizeLabel);
    // A few phrases and strangers, so that random labels often share a pattern.
    const common = Array.from({ length: 12 }, () => pick(phrases));
    const strangers = ['1', '42', 'zqx', 'east'];
    const seen = new Map<string, { words: string[]; matches: ReturnType<typeof matchesOf> }>();
    for (let round = 0; round < 3000; round++) {
      const words: string[] = [];
      for (let part = Math.floor(next() * 4) + 1; part > 0; part--) {
        const roll = next();
        if (roll < 0.4) words.push(...pick(common));
        else if (roll < 0.6) words.push(...pick(phrases));
        else words.push(pick(strangers));
      }
      const pattern = labelPattern(words);
      const matches = matchesOf(words);
      const first = seen.get(pattern);
      if (first)
        expect(matches, `${words.join(' ')} / ${first.words.join(' ')}`).toEqual(first.matches);
      else seen.set(pattern, { words, matches });
    }
    // Labels did share patterns, so the check above compared something.
    expect(seen.size).toBeLessThan(2000);
  });
});
