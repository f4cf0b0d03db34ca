import type { DataClass, Sensitivity } from '../model/types.js';
import { PhraseIndex, tokenizeLabel } from './technologies.js';

/** The built-in data classes; a model may declare more, or override these, in `dataClasses`. */
export const DATA_CLASSES: readonly DataClass[] = [
  { id: 'pii', name: 'Personal data', sensitivity: 'confidential' },
  { id: 'credentials', name: 'Credentials', sensitivity: 'restricted' },
  { id: 'secrets', name: 'Secrets and keys', sensitivity: 'restricted' },
  { id: 'payment', name: 'Payment data', sensitivity: 'restricted' },
  { id: 'health', name: 'Health data', sensitivity: 'restricted' },
  // Bearer tokens act as credentials for as long as they live.
  { id: 'session-tokens', name: 'Session tokens', sensitivity: 'restricted' },
  { id: 'customer-data', name: 'Customer data', sensitivity: 'confidential' },
  { id: 'user-content', name: 'User-generated content', sensitivity: 'confidential' },
  { id: 'logs', name: 'Logs', sensitivity: 'internal' },
  { id: 'telemetry', name: 'Telemetry', sensitivity: 'internal' },
  { id: 'source-code', name: 'Source code', sensitivity: 'confidential' },
  { id: 'business', name: 'Business records', sensitivity: 'confidential' },
  { id: 'public', name: 'Public content', sensitivity: 'public' },
  // Prompts carry whatever users type, plus system prompts that are often kept private.
  { id: 'model-prompts', name: 'Model prompts', sensitivity: 'confidential' },
];

/** A phrase that, in a store or flow label, says which data classes it holds or carries. */
export interface DataWord {
  phrase: string;
  dataClasses: readonly string[];
}

interface DataWordGroup {
  dataClasses: readonly string[];
  phrases: readonly string[];
}

/*
 * Meant for store and flow labels. Deliberate omissions:
 *   - a bare "user" qualifies actors and requests too often ("user request"), so only phrases
 *     that name stored user records count as personal data;
 *   - a bare "source" is usually a data source, so only "source code" and "code" mean code;
 *   - "public key" is listed so that "key" inside it is not read as a secret.
 */
const GROUPS: readonly DataWordGroup[] = [
  { dataClasses: ['customer-data', 'pii'], phrases: ['customer', 'customers', 'customer data'] },
  {
    dataClasses: ['pii'],
    phrases: [
      'users',
      'user data',
      'user db',
      'user database',
      'user profile',
      'user profiles',
      'user records',
      'user info',
      'user details',
      'user accounts',
      'user store',
      'pii',
      'personal',
      'personal data',
      'profile',
      'profiles',
      'address',
      'addresses',
      'email',
      'emails',
      'email address',
      'phone',
      'phone number',
      'ssn',
    ],
  },
  {
    dataClasses: ['credentials'],
    phrases: ['credential', 'credentials', 'password', 'passwords', 'login', 'logins'],
  },
  {
    dataClasses: ['secrets'],
    phrases: [
      'secret',
      'secrets',
      'key',
      'keys',
      'api key',
      'api keys',
      'private key',
      'private keys',
      'encryption key',
      'encryption keys',
    ],
  },
  {
    dataClasses: ['session-tokens'],
    phrases: [
      'token',
      'tokens',
      'session',
      'sessions',
      'session token',
      'session tokens',
      'access token',
      'access tokens',
      'refresh token',
      'refresh tokens',
      'jwt',
      'jwts',
      'cookie',
      'cookies',
    ],
  },
  {
    dataClasses: ['payment'],
    phrases: [
      'payment',
      'payments',
      'card',
      'cards',
      'credit',
      'credit card',
      'cardholder',
      'billing',
      'invoice',
      'invoices',
    ],
  },
  {
    dataClasses: ['health'],
    phrases: ['health', 'medical', 'patient', 'patients', 'phi', 'health records'],
  },
  {
    dataClasses: ['user-content'],
    phrases: ['user content', 'uploads', 'upload', 'attachments', 'media', 'photos'],
  },
  { dataClasses: ['business'], phrases: ['order', 'orders', 'inventory', 'sales'] },
  { dataClasses: ['logs'], phrases: ['log', 'logs', 'audit log', 'audit logs', 'audit trail'] },
  { dataClasses: ['telemetry'], phrases: ['metrics', 'telemetry', 'traces', 'tracing'] },
  { dataClasses: ['source-code'], phrases: ['code', 'source code', 'codebase'] },
  {
    dataClasses: ['public'],
    phrases: ['public', 'public key', 'public keys', 'static assets', 'static content'],
  },
  {
    dataClasses: ['model-prompts'],
    phrases: ['prompt', 'prompts', 'system prompt', 'completions', 'chat history'],
  },
];

export const DATA_WORDS: readonly DataWord[] = GROUPS.flatMap(({ dataClasses, phrases }) =>
  phrases.map((phrase) => ({ phrase, dataClasses })),
);

/** A data class read from a label, with the phrase that gave it away. */
export interface DataClassMatch {
  dataClass: string;
  matched: string;
}

const INDEX = new PhraseIndex(DATA_WORDS.map((word) => [word.phrase, word] as const));
const BY_ID = new Map(DATA_CLASSES.map((dataClass) => [dataClass.id, dataClass]));

/**
 * The data classes a label mentions, one entry per class, sorted by class ID. Words are read
 * left to right taking the longest phrase at each point, so overlapping phrases count once;
 * a class named twice keeps the first phrase that named it.
 */
export function matchDataClassesInLabel(label: string): DataClassMatch[] {
  return matchDataClassesInWords(tokenizeLabel(label));
}

/** `matchDataClassesInLabel` for a label already cut by `tokenizeLabel`. */
export function matchDataClassesInWords(words: readonly string[]): DataClassMatch[] {
  const found = new Map<string, string>();
  for (const hit of INDEX.findLeftmostLongest(words)) {
    for (const dataClass of hit.value.dataClasses) {
      if (!found.has(dataClass)) found.set(dataClass, hit.phrase);
    }
  }
  return [...found]
    .map(([dataClass, matched]) => ({ dataClass, matched }))
    .sort((a, b) => (a.dataClass < b.dataClass ? -1 : a.dataClass > b.dataClass ? 1 : 0));
}

/**
 * The sensitivity of a data class. Classes the model declares (`extra`) take precedence over
 * the built-in ones, since the model's author knows their own data. An ID found in neither is
 * taken as internal: not public, but nothing says it is sensitive either.
 */
export function sensitivityOf(id: string, extra?: readonly DataClass[]): Sensitivity {
  const dataClass = extra?.find((declared) => declared.id === id) ?? BY_ID.get(id);
  return dataClass?.sensitivity ?? 'internal';
}

/** Whether a sensitivity level is one rules protect: confidential or restricted. */
export function isSensitiveLevel(level: Sensitivity): boolean {
  return level === 'confidential' || level === 'restricted';
}
