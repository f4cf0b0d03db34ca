/**
 * What a container's environment says about the system: which other services it talks to
 * (`postgres://db:5432/app`, `DB_HOST=db`, `Server=sqldata;...`) and whether it carries a
 * secret written into the configuration. Shared by the compose and Kubernetes importers.
 */
import { PROTOCOL_WORDS } from '../infer/protocols.js';

/** A host named in an environment value, before the importer resolves it to a service. */
export interface HostMention {
  /** Lower-cased host as written: 'db', 'carts.sock-shop.svc.cluster.local'. */
  host: string;
  port?: number;
  /** The URL scheme, when the value is a URL. */
  scheme?: string;
  /** How the value named it, for reasons: "URL 'http://carts:80'". */
  how: string;
}

const URL_PATTERN = new RegExp(
  String.raw`\b([a-z][a-z0-9+.-]*):\/\/` + // scheme
    String.raw`(?:[^@/\s]*@)?` + // user and password, matched to be left out
    String.raw`(\[[^\]]*\]|[^:/\s;,?#'"]+)(?::(\d{1,5}))?`, // host and port
  'gi',
);
const HOST_PORT_PATTERN = /(?:^|[\s,;=@])([a-z0-9][a-z0-9_.-]*):(\d{1,5})(?=$|[\s,;/])/gi;
/** ADO.NET, JDBC-style and libpq key=value connection strings. */
const CONNECTION_KEY_PATTERN =
  /(?:^|;)\s*(?:server|host|hostname|data source|address|addr)\s*=\s*(?:tcp:)?([^;,\s:]+)/gi;
/** Variable names that hold a bare host name: DB_HOST=db, EventBusConnection=rabbitmq. */
const HOST_VARIABLE =
  /(host|hostname|addr|address|server|url|uri|endpoint|connection|connectionstring|broker|dsn)s?$/i;
const HOST_NAME = /^[a-z0-9]([a-z0-9_.-]*[a-z0-9])?$/i;

/** Finds the hosts an environment variable's value names, in the order written. */
export function hostMentions(name: string, value: string): HostMention[] {
  const found: HostMention[] = [];
  const seen = new Set<string>();
  const add = (mention: HostMention) => {
    if (seen.has(mention.host)) return;
    seen.add(mention.host);
    found.push(mention);
  };
  for (const match of value.matchAll(URL_PATTERN)) {
    const [, scheme, host, port] = match;
    add({
      host: host!.toLowerCase(),
      port: port ? Number(port) : undefined,
      scheme: scheme!.toLowerCase(),
      how: `URL ${scheme!.toLowerCase()}://${host!.toLowerCase()}${port ? `:${port}` : ''}`,
    });
  }
  const withoutUrls = value.replace(URL_PATTERN, ' ');
  for (const match of withoutUrls.matchAll(HOST_PORT_PATTERN)) {
    const [, host, port] = match;
    add({ host: host!.toLowerCase(), port: Number(port), how: `'${host}:${port}'` });
  }
  for (const match of withoutUrls.matchAll(CONNECTION_KEY_PATTERN)) {
    add({ host: match[1]!.toLowerCase(), how: 'a connection string' });
  }
  const bare = value.trim();
  if (found.length === 0 && HOST_VARIABLE.test(name) && HOST_NAME.test(bare)) {
    add({ host: bare.toLowerCase(), how: 'a host name' });
  }
  return found;
}

/** Hosts that never name a service of the system itself. */
export function isLocalOrAddress(host: string): boolean {
  return (
    host === 'localhost' ||
    host.startsWith('[') ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ||
    host === '0.0.0.0'
  );
}

/**
 * The prefix of a variable that names a service by its own name, `CATALOGUE_HOST` or
 * `CART_SERVICE_ADDR`: lower-cased with dashes, for matching service names.
 */
export function serviceNamedByVariable(name: string): string | undefined {
  const match = /^(.+?)(?:_service)?_(host|hostname|addr|address|url|uri|endpoint)$/i.exec(name);
  return match ? match[1]!.toLowerCase().replace(/_/g, '-') : undefined;
}

/** A normalized protocol for a URL scheme: 'postgres' speaks 'postgresql'. */
export function protocolOfScheme(scheme: string): string {
  return PROTOCOL_WORDS[scheme]?.protocol ?? scheme;
}

const SECRET_NAME = new RegExp(
  '(password|passwd|passphrase|pwd|_pass)$|' +
    'secret|token|api_?key|private_?key|access_?key|credential',
  'i',
);
/** Names that mention a secret but hold something else: a path, a flag, a lifetime. */
const NOT_A_SECRET_SUFFIXES = [
  'file',
  'path',
  'dir',
  'ttl',
  'timeout',
  'expiry',
  'expires',
  'length',
  'enabled',
  'required',
  'policy',
  'url',
  'uri',
  'host',
  'user',
  'username',
  'name',
];
const NOT_A_SECRET_NAME = new RegExp(`_(${NOT_A_SECRET_SUFFIXES.join('|')})$|allow_empty`, 'i');
const NOT_A_SECRET_VALUE = /^(true|false|yes|no|on|off|0|1|null|none)?$/i;
const SECRET_IN_VALUE = /(?:^|;)\s*(?:password|pwd)\s*=\s*[^;\s]+|\/\/[^:/@\s]+:[^@/\s]+@/i;

/**
 * Whether an environment entry writes a secret into the configuration. `literal` is the part
 * the file itself wrote (variables from elsewhere removed), so `${DB_PASSWORD}` is not one.
 */
export function holdsLiteralSecret(name: string, literal: string): boolean {
  const value = literal.trim();
  if (SECRET_IN_VALUE.test(value)) return true;
  if (!SECRET_NAME.test(name) || NOT_A_SECRET_NAME.test(name)) return false;
  if (NOT_A_SECRET_VALUE.test(value) || value.startsWith('/')) return false;
  return true;
}
