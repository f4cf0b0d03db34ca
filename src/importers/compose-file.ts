/**
 * Reads one compose file into the few things a threat model needs, each remembering where it
 * was written, and merges several files the way `docker compose -f a.yml -f b.yml` does.
 * Only the fields read here are interpolated, so unset variables are reported where they
 * matter and nowhere else.
 */
import type { Problem } from '../model/problems.js';
import type { PathSegment, SourceDocument } from '../model/yaml-source.js';
import { interpolate, literalPart } from './compose-interpolation.js';
import { shown } from './model-parts.js';
import { warningAt } from './yaml-stream.js';

export interface Where {
  file?: string;
  line: number;
  column: number;
}

export interface EnvEntry {
  value: string;
  /** What the file itself wrote, variables from elsewhere left out (for secret checks). */
  literal: string;
  where: Where;
}

export interface PortSpec {
  /** As written, for reasons: '127.0.0.1:8080:80'. */
  spec: string;
  hostIp?: string;
  where: Where;
}

export interface ComposeService {
  name: string;
  where: Where;
  image?: { value: string; where: Where };
  /** Other names that reach it: hostname, container_name, network and link aliases. */
  aliases: Set<string>;
  environment: Map<string, EnvEntry>;
  ports: PortSpec[];
  dependsOn: Map<string, Where>;
  links: Map<string, Where>;
  /** Names that `links: [service:alias]` give other services. */
  linkAliases: Map<string, string>;
  /** Networks it joins, in the order written. */
  networks: Map<string, Where>;
  networkMode?: { value: string; where: Where };
  envFiles: { path: string; where: Where }[];
  secrets: string[];
  /** `entrypoint` then `command`, as written: flags in them may declare facts. */
  commandLine?: { entrypoint?: string[]; command?: string[] };
}

export interface ComposeNetwork {
  name: string;
  internal?: { value: boolean; where: Where };
  where: Where;
}

export interface ComposeProject {
  name?: string;
  services: Map<string, ComposeService>;
  networks: Map<string, ComposeNetwork>;
}

/** Compose accepts these spellings for booleans; YAML 1.2 leaves `yes`/`no` as strings. */
const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  on: true,
  false: false,
  no: false,
  off: false,
};

/** Top-level keys read here, or known to compose and saying nothing a threat model uses. */
const READ_TOP_LEVEL = new Set([
  'services',
  'networks',
  'name',
  'version',
  'volumes',
  'secrets',
  'configs',
]);

type Fields = Record<string, unknown>;

/** Reads one parsed compose document; problems worth a line go to `warnings`. */
export class ComposeFileReader {
  private readonly reportedUnset = new Set<string>();

  constructor(
    private readonly source: SourceDocument,
    private readonly env: ReadonlyMap<string, string>,
    private readonly warnings: Problem[],
  ) {}

  read(): ComposeProject {
    const root = this.source.value as Fields;
    const project: ComposeProject = { services: new Map(), networks: new Map() };
    if (typeof root.name === 'string') project.name = this.text(root.name, ['name']);
    for (const key of Object.keys(root)) {
      if (key === 'include') {
        this.warn(
          [key],
          'unsupported',
          "'include' is not followed: only the files given are read",
          true,
        );
      } else if (!READ_TOP_LEVEL.has(key) && !key.startsWith('x-')) {
        this.warn([key], 'unknown-key', `unknown top-level key '${shown(key)}' skipped`, true);
      }
    }
    for (const [name, raw] of this.entries(root.networks, ['networks'])) {
      project.networks.set(name, this.network(name, raw));
    }
    for (const [name, raw] of this.entries(root.services, ['services'])) {
      if (raw !== null && !isRecord(raw)) {
        this.warn(['services', name], 'bad-service', `service '${name}' is not a mapping: skipped`);
        continue;
      }
      project.services.set(name, this.service(name, raw ?? {}));
    }
    return project;
  }

  private network(name: string, raw: unknown): ComposeNetwork {
    const path = ['networks', name];
    const network: ComposeNetwork = { name, where: this.at(path, true) };
    if (isRecord(raw) && raw.internal !== undefined) {
      const value = this.boolean(raw.internal, [...path, 'internal']);
      if (value !== undefined) network.internal = { value, where: this.at([...path, 'internal']) };
    }
    return network;
  }

  private service(name: string, raw: Fields): ComposeService {
    const path = ['services', name];
    const service: ComposeService = {
      name,
      where: this.at(path, true),
      aliases: new Set(),
      environment: new Map(),
      ports: [],
      dependsOn: new Map(),
      links: new Map(),
      linkAliases: new Map(),
      networks: new Map(),
      envFiles: [],
      secrets: [],
    };
    if (raw.image !== undefined) {
      const at = [...path, 'image'];
      service.image = { value: this.text(raw.image, at), where: this.at(at) };
    }
    for (const key of ['hostname', 'container_name'] as const) {
      if (raw[key] === undefined) continue;
      service.aliases.add(this.text(raw[key], [...path, key]).toLowerCase());
    }
    if (raw.network_mode !== undefined) {
      const at = [...path, 'network_mode'];
      service.networkMode = { value: this.text(raw.network_mode, at), where: this.at(at) };
    }
    this.readEnvironment(service, raw.environment, [...path, 'environment']);
    this.readPorts(service, raw.ports, [...path, 'ports']);
    this.readDependsOn(service, raw.depends_on, [...path, 'depends_on']);
    this.readLinks(service, raw.links, [...path, 'links']);
    this.readNetworks(service, raw.networks, [...path, 'networks']);
    this.readEnvFiles(service, raw.env_file, [...path, 'env_file']);
    const entrypoint = commandWords(raw.entrypoint);
    const command = commandWords(raw.command);
    if (entrypoint || command) service.commandLine = { entrypoint, command };
    for (const [index, item] of this.items(raw.secrets, [...path, 'secrets'])) {
      const secret = isRecord(item) ? item.source : item;
      if (typeof secret === 'string') service.secrets.push(secret);
      else this.warn([...path, 'secrets', index], 'bad-value', 'secret without a name skipped');
    }
    for (const key of ['extends', 'external_links'] as const) {
      if (raw[key] !== undefined) {
        this.warn(
          [...path, key],
          'unsupported',
          `'${key}' is not followed (service '${name}')`,
          true,
        );
      }
    }
    return service;
  }

  private readEnvironment(service: ComposeService, raw: unknown, path: PathSegment[]): void {
    const add = (name: string, value: unknown, at: PathSegment[]) => {
      // A name without a value passes the variable through from the shell: nothing to read.
      if (value === null || value === undefined) return;
      if (typeof value === 'object') {
        this.warn(at, 'bad-value', `environment '${name}' is not a plain value: skipped`);
        return;
      }
      const written = String(value);
      service.environment.set(name, {
        value: this.text(written, at),
        literal: literalPart(written),
        where: this.at(at),
      });
    };
    if (Array.isArray(raw)) {
      raw.forEach((entry, index) => {
        if (typeof entry !== 'string') {
          this.warn([...path, index], 'bad-value', "environment entry not 'NAME=value': skipped");
          return;
        }
        const equals = entry.indexOf('=');
        if (equals > 0) add(entry.slice(0, equals), entry.slice(equals + 1), [...path, index]);
      });
    } else {
      for (const [name, value] of this.entries(raw, path)) add(name, value, [...path, name]);
    }
  }

  private readPorts(service: ComposeService, raw: unknown, path: PathSegment[]): void {
    for (const [index, item] of this.items(raw, path)) {
      const at = [...path, index];
      const written =
        typeof item === 'number' || typeof item === 'string'
          ? String(item)
          : isRecord(item) && item.target !== undefined
            ? longPortSpec(item)
            : undefined;
      const port = written === undefined ? undefined : parsePort(this.text(written, at));
      if (port) service.ports.push({ ...port, where: this.at(at) });
      else {
        this.warn(
          at,
          'bad-port',
          `port '${shown(written ?? 'a mapping without target')}' is not ` +
            '[ip:][host:]container with ports from 1 to 65535; skipped',
        );
      }
    }
  }

  private readDependsOn(service: ComposeService, raw: unknown, path: PathSegment[]): void {
    if (Array.isArray(raw)) {
      for (const [index, item] of this.items(raw, path)) {
        if (typeof item === 'string') service.dependsOn.set(item, this.at([...path, index]));
        else this.warn([...path, index], 'bad-value', 'depends_on entry not a name: skipped');
      }
      return;
    }
    for (const [name] of this.entries(raw, path)) {
      service.dependsOn.set(name, this.at([...path, name], true));
    }
  }

  private readLinks(service: ComposeService, raw: unknown, path: PathSegment[]): void {
    for (const [index, item] of this.items(raw, path)) {
      if (typeof item !== 'string') {
        this.warn([...path, index], 'bad-value', "link not 'service' or 'service:alias': skipped");
        continue;
      }
      const [target, alias] = item.split(':');
      service.links.set(target!, this.at([...path, index]));
      if (alias) service.linkAliases.set(alias.toLowerCase(), target!);
    }
  }

  private readNetworks(service: ComposeService, raw: unknown, path: PathSegment[]): void {
    if (Array.isArray(raw)) {
      for (const [index, item] of this.items(raw, path)) {
        if (typeof item === 'string') service.networks.set(item, this.at([...path, index]));
      }
      return;
    }
    for (const [name, settings] of this.entries(raw, path)) {
      service.networks.set(name, this.at([...path, name], true));
      const aliases = isRecord(settings) ? settings.aliases : undefined;
      for (const [, alias] of this.items(aliases, [...path, name, 'aliases'])) {
        if (typeof alias === 'string') service.aliases.add(alias.toLowerCase());
      }
    }
  }

  private readEnvFiles(service: ComposeService, raw: unknown, path: PathSegment[]): void {
    const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
    list.forEach((item, index) => {
      const file = isRecord(item) ? item.path : item;
      const at = typeof raw === 'string' ? path : [...path, index];
      if (typeof file === 'string') service.envFiles.push({ path: file, where: this.at(at) });
    });
  }

  /** A string field, interpolated; unset variables are reported once per file. */
  private text(raw: unknown, path: readonly PathSegment[]): string {
    const written = typeof raw === 'string' ? raw : String(raw);
    const result = interpolate(written, this.env);
    for (const name of result.unset) {
      if (this.reportedUnset.has(name)) continue;
      this.reportedUnset.add(name);
      this.warn(
        path,
        'unset-variable',
        `variable '${name}' is not set; it reads as empty` + ' (pass its value with --compose-env)',
      );
    }
    for (const { name, message } of result.required) {
      this.warn(
        path,
        'unset-variable',
        `variable '${name}' is required but not set` +
          `${message ? `: ${message}` : ''}; it reads as empty`,
      );
    }
    if (result.invalid !== undefined) {
      this.warn(
        path,
        'bad-interpolation',
        `'${shown(result.invalid)}' is not a valid ` + 'interpolation; kept as written',
      );
    }
    return result.value;
  }

  private boolean(raw: unknown, path: readonly PathSegment[]): boolean | undefined {
    if (typeof raw === 'boolean') return raw;
    const word = typeof raw === 'string' ? BOOLEAN_WORDS[raw.toLowerCase()] : undefined;
    if (word === undefined) {
      this.warn(path, 'bad-value', `expected true or false, got '${shown(raw)}': skipped`);
    }
    return word;
  }

  /** The entries of a mapping field; anything else but absence is reported. */
  private entries(raw: unknown, path: readonly PathSegment[]): [string, unknown][] {
    if (raw === undefined || raw === null) return [];
    if (isRecord(raw)) return Object.entries(raw);
    this.warn(path, 'bad-value', 'expected a mapping: skipped');
    return [];
  }

  private items(raw: unknown, path: readonly PathSegment[]): [number, unknown][] {
    if (raw === undefined || raw === null) return [];
    if (Array.isArray(raw)) return raw.map((item, index) => [index, item]);
    this.warn(path, 'bad-value', 'expected a list: skipped');
    return [];
  }

  private at(path: readonly PathSegment[], key = false): Where {
    return { file: this.source.file, ...this.source.positionOf(path, key) };
  }

  private warn(path: readonly PathSegment[], code: string, message: string, key = false): void {
    this.warnings.push(warningAt(this.source, path, code, message, key));
  }
}

const PORT_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** The long port syntax written as the short one: `host_ip:published:target`. */
function longPortSpec(port: Fields): string {
  const hostIp = port.host_ip === undefined ? '' : `${String(port.host_ip)}:`;
  const published = port.published === undefined ? '' : `${String(port.published)}:`;
  return `${hostIp}${published}${String(port.target)}`;
}

/**
 * Reads a short port spec, `80`, `8080:80`, `127.0.0.1:8080:80` or `[::1]::80` (with an
 * optional `/udp`); undefined unless every port in it is a number from 1 to 65535.
 */
function parsePort(spec: string): { spec: string; hostIp?: string } | undefined {
  let rest = spec.trim().replace(/\/(tcp|udp|sctp)$/i, '');
  let hostIp: string | undefined;
  const bracketed = /^\[([^\]]+)\]:/.exec(rest);
  if (bracketed) {
    hostIp = bracketed[1];
    rest = rest.slice(bracketed[0].length);
  }
  const parts = rest.split(':');
  if (!bracketed && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || (bracketed && parts.length !== 2)) return undefined;
  const valid = parts.every(
    (part, index) => (part === '' && index === 0 && parts.length === 2) || isPortRange(part),
  );
  return valid ? { spec: spec.trim(), hostIp } : undefined;
}

function isPortRange(text: string): boolean {
  const match = PORT_RANGE.exec(text);
  return !!match && [match[1], match[2]].every((n) => n === undefined || (+n >= 1 && +n <= 65535));
}

/**
 * A command as its words: a list as written, or a string kept whole (split later). Not
 * interpolated: a variable in it is a value such as a password, never a flag name.
 */
function commandWords(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw)) return undefined;
  return raw.filter((word) => typeof word === 'string' || typeof word === 'number').map(String);
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges files in order as compose does: later scalars win, maps merge by key, and ports are
 * appended without repeats.
 */
export function mergeProjects(projects: readonly ComposeProject[]): ComposeProject {
  const merged: ComposeProject = { services: new Map(), networks: new Map() };
  for (const project of projects) {
    if (project.name !== undefined) merged.name = project.name;
    for (const [name, network] of project.networks) {
      const before = merged.networks.get(name);
      const internal = network.internal ?? before?.internal;
      merged.networks.set(name, before ? { ...before, internal } : network);
    }
    for (const [name, service] of project.services) {
      const before = merged.services.get(name);
      merged.services.set(name, before ? mergeService(before, service) : service);
    }
  }
  return merged;
}

function mergeService(base: ComposeService, over: ComposeService): ComposeService {
  const specs = new Set(base.ports.map((port) => port.spec));
  return {
    name: base.name,
    where: base.where,
    image: over.image ?? base.image,
    aliases: new Set([...base.aliases, ...over.aliases]),
    environment: new Map([...base.environment, ...over.environment]),
    ports: [...base.ports, ...over.ports.filter((port) => !specs.has(port.spec))],
    dependsOn: new Map([...base.dependsOn, ...over.dependsOn]),
    links: new Map([...base.links, ...over.links]),
    linkAliases: new Map([...base.linkAliases, ...over.linkAliases]),
    networks: new Map([...base.networks, ...over.networks]),
    networkMode: over.networkMode ?? base.networkMode,
    envFiles: [...base.envFiles, ...over.envFiles],
    secrets: [...new Set([...base.secrets, ...over.secrets])],
    commandLine: {
      entrypoint: over.commandLine?.entrypoint ?? base.commandLine?.entrypoint,
      command: over.commandLine?.command ?? base.commandLine?.command,
    },
  };
}
