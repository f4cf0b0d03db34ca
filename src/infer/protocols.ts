/**
 * What an edge label says about a flow. Words are matched whole, after splitting the label on
 * punctuation, so 'HTTPS/JWT' yields both a protocol and an authentication mechanism.
 */
export interface ProtocolMeaning {
  protocol: string;
  /** Undefined when the protocol runs both ways (gRPC, SQL drivers) and the label cannot say. */
  encrypted?: boolean;
  authentication?: string;
}

/** Later entries do not override earlier ones: the first protocol word in this order wins. */
export const PROTOCOL_WORDS: Readonly<Record<string, ProtocolMeaning>> = {
  mtls: { protocol: 'mtls', encrypted: true, authentication: 'mtls' },
  https: { protocol: 'https', encrypted: true },
  wss: { protocol: 'wss', encrypted: true },
  grpcs: { protocol: 'grpcs', encrypted: true },
  tls: { protocol: 'tls', encrypted: true },
  ssl: { protocol: 'tls', encrypted: true },
  ssh: { protocol: 'ssh', encrypted: true },
  sftp: { protocol: 'sftp', encrypted: true },
  amqps: { protocol: 'amqps', encrypted: true },
  mqtts: { protocol: 'mqtts', encrypted: true },
  ldaps: { protocol: 'ldaps', encrypted: true },
  ipsec: { protocol: 'ipsec', encrypted: true },
  vpn: { protocol: 'vpn', encrypted: true },
  http: { protocol: 'http', encrypted: false },
  ws: { protocol: 'ws', encrypted: false },
  websocket: { protocol: 'websocket' },
  grpc: { protocol: 'grpc' },
  rest: { protocol: 'http' },
  graphql: { protocol: 'http' },
  tcp: { protocol: 'tcp', encrypted: false },
  udp: { protocol: 'udp', encrypted: false },
  ftp: { protocol: 'ftp', encrypted: false },
  telnet: { protocol: 'telnet', encrypted: false },
  smtp: { protocol: 'smtp' },
  ldap: { protocol: 'ldap', encrypted: false },
  amqp: { protocol: 'amqp', encrypted: false },
  mqtt: { protocol: 'mqtt', encrypted: false },
  kafka: { protocol: 'kafka' },
  sql: { protocol: 'sql' },
  jdbc: { protocol: 'sql' },
  odbc: { protocol: 'sql' },
  redis: { protocol: 'redis' },
  resp: { protocol: 'redis' },
  postgres: { protocol: 'postgresql' },
  postgresql: { protocol: 'postgresql' },
  mysql: { protocol: 'mysql' },
  webhook: { protocol: 'webhook' },
  webhooks: { protocol: 'webhook' },
  syslog: { protocol: 'syslog', encrypted: false },
  smb: { protocol: 'smb' },
  nfs: { protocol: 'nfs', encrypted: false },
};

/** Authentication mechanisms named in labels; phrases are matched on the joined words. */
export const AUTH_WORDS: Readonly<Record<string, string>> = {
  'mtls': 'mtls',
  'jwt': 'jwt',
  'bearer': 'jwt',
  'oauth': 'oauth',
  'oauth2': 'oauth',
  'oidc': 'oauth',
  'saml': 'saml',
  'api key': 'api-key',
  'apikey': 'api-key',
  'basic auth': 'basic',
  'password': 'password',
  'kerberos': 'kerberos',
  'iam': 'iam',
  'sigv4': 'iam',
  'hmac': 'hmac',
  'signed': 'hmac',
  'unauthenticated': 'none',
  'anonymous': 'none',
};

export interface LabelTransport {
  protocol?: { value: string; word: string };
  encrypted?: { value: boolean; word: string };
  authentication?: { value: string; word: string };
}

/** Each word's place in PROTOCOL_WORDS, so a label is read in one pass over its own words. */
const PROTOCOL_RANK = new Map(Object.keys(PROTOCOL_WORDS).map((word, rank) => [word, rank]));
const AUTH_RANK = new Map(Object.keys(AUTH_WORDS).map((phrase, rank) => [phrase, rank]));

/** Reads protocol, encryption and authentication from an edge label's words. */
export function readTransport(words: readonly string[]): LabelTransport {
  const result: LabelTransport = {};
  // Earlier table entries win, whatever their place in the label: 'HTTPS over TCP' is https.
  const protocolWords = words
    .filter((word) => PROTOCOL_RANK.has(word))
    .sort((a, b) => PROTOCOL_RANK.get(a)! - PROTOCOL_RANK.get(b)!);
  for (const word of protocolWords) {
    const meaning = PROTOCOL_WORDS[word];
    result.protocol ??= { value: meaning.protocol, word };
    if (meaning.encrypted !== undefined) result.encrypted ??= { value: meaning.encrypted, word };
    if (meaning.authentication) result.authentication ??= { value: meaning.authentication, word };
  }
  const phrases = [...words, ...words.slice(1).map((word, i) => `${words[i]} ${word}`)];
  const authPhrase = phrases
    .filter((phrase) => AUTH_RANK.has(phrase))
    .sort((a, b) => AUTH_RANK.get(a)! - AUTH_RANK.get(b)!)[0];
  if (authPhrase) result.authentication ??= { value: AUTH_WORDS[authPhrase], word: authPhrase };
  return result;
}
