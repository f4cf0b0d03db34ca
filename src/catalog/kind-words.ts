import type { ComponentKind, ElementType } from '../model/types.js';
import { PhraseIndex, tokenizeLabel, type PhraseHit } from './technologies.js';

/**
 * Words that say what kind of thing a label is when it names no technology: "Customer DB",
 * "Payment Service", "Admin Console". Generic nouns ("db", "cache", "gateway") live here and
 * not in the technology catalog, which only holds named products and a few generic servers.
 */
export interface KindWord {
  /** Lower-case word or phrase, matched as whole words like technology names. */
  phrase: string;
  kind: ComponentKind;
  type: ElementType;
  /** Breaks ties between phrases of equal length: the higher tier wins. */
  priority: number;
}

/*
 * Priority tiers, weakest first. A label usually combines a qualifier and a head word, and the
 * tiers decide which of them names the kind:
 *   - people lose to anything else ("Customer DB" is a database, "User Service" a service);
 *   - "payment" qualifies a service ("Payment Service" is ours) but names a provider alone;
 *   - generic service words lose to what the service is for ("Log Service", "Auth Service");
 *   - generic stores beat purposes, since a store is what the box is ("Auth DB", "Email Queue");
 *   - stores of a special sort beat generic stores ("Analytics DB", "Cache DB", "Backup Bucket").
 */
const PERSON = 10;
const BROWSER = 12;
const ADMIN = 14;
const HOSTING = 20;
const PAYMENT = 25;
const SERVICE = 30;
const CLIENT_APP = 35;
const LLM_APP = 38;
const OUTSIDE = 40;
const CONSOLE = 44;
const PURPOSE = 45;
const ALERTS = 47;
const EDGE = 50;
const STORE = 55;
const SPECIAL_STORE = 60;
const BACKUP = 62;

interface KindWordGroup {
  kind: ComponentKind;
  type: ElementType;
  priority: number;
  phrases: readonly string[];
}

const GROUPS: readonly KindWordGroup[] = [
  {
    kind: 'user',
    type: 'actor',
    priority: PERSON,
    phrases: [
      'user',
      'users',
      'end user',
      'end users',
      'external user',
      'external users',
      'customer',
      'customers',
      'client',
      'clients',
      'api client',
      'person',
      'people',
      'actor',
      'visitor',
      'visitors',
    ],
  },
  // The catalog has a 'browser' kind of its own, finer than 'user'.
  { kind: 'browser', type: 'external', priority: BROWSER, phrases: ['browser', 'web browser'] },
  {
    kind: 'admin-user',
    type: 'actor',
    priority: ADMIN,
    phrases: ['admin', 'admins', 'administrator', 'administrators', 'operator', 'operators'],
  },
  {
    kind: 'container-platform',
    type: 'process',
    priority: HOSTING,
    phrases: ['cluster', 'kubernetes', 'k8s cluster'],
  },
  {
    kind: 'payment-provider',
    type: 'external',
    priority: PAYMENT,
    phrases: [
      'payment',
      'payments',
      'billing',
      'payment gateway',
      'payment provider',
      'payment processor',
      'psp',
    ],
  },
  {
    kind: 'service',
    type: 'process',
    priority: SERVICE,
    phrases: [
      'service',
      'services',
      'api',
      'apis',
      'app',
      'application',
      'server',
      'backend',
      'back end',
      'worker',
      'workers',
      'microservice',
      'microservices',
      'web api',
      'rest api',
      'web service',
      'mobile api',
      'mobile backend',
      'data pipeline',
      'schema registry',
    ],
  },
  {
    kind: 'web-app',
    type: 'process',
    priority: CLIENT_APP,
    phrases: [
      'web',
      'website',
      'web site',
      'webapp',
      'web app',
      'web application',
      'web server',
      'frontend',
      'front end',
      'ui',
      'spa',
      'single page app',
      'portal',
      'partner portal',
    ],
  },
  {
    kind: 'mobile-app',
    type: 'external',
    priority: CLIENT_APP,
    phrases: ['mobile', 'mobile app', 'mobile application', 'mobile client', 'ios', 'android'],
  },
  {
    kind: 'llm-app',
    type: 'process',
    priority: LLM_APP,
    phrases: [
      'rag',
      'rag pipeline',
      'agent',
      'agents',
      'ai agent',
      'chatbot',
      'chat bot',
      'assistant',
      'ai assistant',
      'copilot',
    ],
  },
  {
    kind: 'iot-device',
    type: 'external',
    priority: OUTSIDE,
    phrases: ['iot', 'iot device', 'device', 'devices', 'sensor', 'sensors', 'edge device'],
  },
  {
    kind: 'external-service',
    type: 'external',
    priority: OUTSIDE,
    phrases: [
      'external',
      'external api',
      'external service',
      'third party',
      '3rd party',
      'saas',
      'partner',
      'partners',
      'vendor',
    ],
  },
  {
    kind: 'admin-interface',
    type: 'process',
    priority: CONSOLE,
    phrases: [
      'admin panel',
      'admin console',
      'admin portal',
      'admin ui',
      'admin app',
      'admin dashboard',
      'admin interface',
      'management console',
      'control panel',
      'dashboard',
      'dashboards',
      'backoffice',
      'back office',
    ],
  },
  {
    kind: 'identity-provider',
    type: 'process',
    priority: PURPOSE,
    phrases: [
      'idp',
      'auth',
      'identity',
      'identity provider',
      'identity service',
      'auth server',
      'authorization server',
      'sso',
      'login',
      'oauth',
      'oidc',
    ],
  },
  {
    kind: 'secret-store',
    type: 'datastore',
    priority: PURPOSE,
    phrases: ['vault', 'secrets', 'secret store', 'secrets store', 'kms', 'hsm', 'key store'],
  },
  {
    kind: 'ci-cd',
    type: 'process',
    priority: PURPOSE,
    phrases: ['ci', 'cd', 'ci/cd', 'pipeline', 'pipelines', 'build server', 'build agent'],
  },
  {
    kind: 'source-repository',
    type: 'datastore',
    priority: PURPOSE,
    phrases: ['repo', 'repos', 'repository', 'git', 'source control', 'code repository', 'scm'],
  },
  {
    kind: 'artifact-registry',
    type: 'datastore',
    priority: PURPOSE,
    phrases: [
      'registry',
      'container registry',
      'image registry',
      'package registry',
      'artifact repository',
    ],
  },
  {
    kind: 'service-registry',
    type: 'process',
    priority: PURPOSE,
    phrases: ['service registry', 'service discovery'],
  },
  {
    kind: 'serverless-function',
    type: 'process',
    priority: PURPOSE,
    phrases: ['lambda', 'function', 'functions', 'serverless', 'faas'],
  },
  {
    kind: 'llm-api',
    type: 'external',
    priority: PURPOSE,
    phrases: ['llm', 'llm api', 'gpt', 'language model', 'large language model'],
  },
  {
    kind: 'email-service',
    type: 'external',
    priority: PURPOSE,
    phrases: ['email', 'e mail', 'mail', 'smtp', 'mail server'],
  },
  {
    kind: 'monitoring',
    type: 'process',
    priority: PURPOSE,
    phrases: ['monitor', 'monitoring', 'metrics', 'observability', 'apm', 'tracing'],
  },
  {
    kind: 'alerting',
    type: 'process',
    priority: ALERTS,
    phrases: ['alert', 'alerts', 'alerting', 'alert manager', 'on call', 'paging'],
  },
  {
    kind: 'api-gateway',
    type: 'process',
    priority: EDGE,
    phrases: ['api gateway', 'gateway', 'apigw'],
  },
  {
    kind: 'waf',
    type: 'process',
    priority: EDGE,
    phrases: ['waf', 'web application firewall'],
  },
  {
    kind: 'reverse-proxy',
    type: 'process',
    priority: EDGE,
    phrases: ['proxy', 'reverse proxy', 'ingress', 'ingress controller'],
  },
  {
    kind: 'load-balancer',
    type: 'process',
    priority: EDGE,
    phrases: ['load balancer', 'lb', 'alb', 'elb', 'nlb'],
  },
  { kind: 'cdn', type: 'process', priority: EDGE, phrases: ['cdn', 'content delivery network'] },
  {
    kind: 'database',
    type: 'datastore',
    priority: STORE,
    phrases: [
      'db',
      'dbs',
      'database',
      'databases',
      'datastore',
      'data store',
      'rds',
      'sql',
      'sql database',
    ],
  },
  {
    kind: 'object-storage',
    type: 'datastore',
    priority: STORE,
    phrases: [
      'bucket',
      'buckets',
      'storage',
      'object store',
      'object storage',
      'blob',
      'blob store',
    ],
  },
  {
    kind: 'file-store',
    type: 'datastore',
    priority: STORE,
    phrases: [
      'files',
      'file share',
      'file store',
      'file storage',
      'file server',
      'nfs',
      'shared drive',
    ],
  },
  {
    kind: 'queue',
    type: 'datastore',
    priority: STORE,
    phrases: ['queue', 'queues', 'message queue', 'queue storage', 'mq'],
  },
  {
    kind: 'message-broker',
    type: 'datastore',
    priority: STORE,
    phrases: [
      'topic',
      'topics',
      'broker',
      'message broker',
      'event bus',
      'stream',
      'streams',
      'event stream',
    ],
  },
  {
    kind: 'cache',
    type: 'datastore',
    priority: SPECIAL_STORE,
    phrases: ['cache', 'caches', 'session store'],
  },
  {
    kind: 'search-engine',
    type: 'datastore',
    priority: SPECIAL_STORE,
    phrases: ['search', 'search engine', 'search index'],
  },
  {
    kind: 'vector-store',
    type: 'datastore',
    priority: SPECIAL_STORE,
    phrases: [
      'vector db',
      'vector store',
      'vector database',
      'vector index',
      'vector search',
      'embeddings',
    ],
  },
  {
    kind: 'analytics',
    type: 'datastore',
    priority: SPECIAL_STORE,
    phrases: ['analytics', 'warehouse', 'data warehouse', 'data lake'],
  },
  {
    kind: 'log-service',
    type: 'process',
    priority: SPECIAL_STORE,
    phrases: ['log', 'logs', 'logging', 'log store', 'audit log', 'log analytics', 'siem'],
  },
  {
    kind: 'backup',
    type: 'datastore',
    priority: BACKUP,
    phrases: ['backup', 'backups', 'snapshot', 'snapshots'],
  },
];

export const KIND_WORDS: readonly KindWord[] = GROUPS.flatMap(({ phrases, ...rest }) =>
  phrases.map((phrase) => ({ phrase, ...rest })),
);

/** A kind read from a label, with the phrase that gave it away. */
export interface KindMatch {
  kind: ComponentKind;
  type: ElementType;
  matched: string;
}

const INDEX = new PhraseIndex(KIND_WORDS.map((word) => [word.phrase, word] as const));

/**
 * The kind a label's generic words point to. Among all matching phrases: the one with the most
 * words wins ("API Gateway" over "API"); then the higher priority tier ("Analytics DB" is
 * analytics, "Customer DB" a database); then the one nearer the end, since the head noun of an
 * English compound comes last.
 */
export function matchKindInLabel(label: string): KindMatch | undefined {
  return matchKindInWords(tokenizeLabel(label));
}

/** `matchKindInLabel` for a label already cut by `tokenizeLabel`. */
export function matchKindInWords(words: readonly string[]): KindMatch | undefined {
  let best: PhraseHit<KindWord> | undefined;
  for (const hit of INDEX.findAll(words)) {
    if (!best || outranks(hit, best)) best = hit;
  }
  return best && { kind: best.value.kind, type: best.value.type, matched: best.phrase };
}

function outranks(a: PhraseHit<KindWord>, b: PhraseHit<KindWord>): boolean {
  if (a.length !== b.length) return a.length > b.length;
  if (a.value.priority !== b.value.priority) return a.value.priority > b.value.priority;
  return a.start > b.start;
}
