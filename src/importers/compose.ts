/**
 * Reads docker-compose files, one or several merged in order like `docker compose -f a -f b`.
 * Services become components, networks zones, published ports exposure, images technologies;
 * flows come from `depends_on`, `links` and the hosts environment values name. Secrets written
 * into environment values are reported by service and variable, never by value.
 */
import { matchTechnologyByImage } from '../catalog/index.js';
import { knownList } from '../model/ids.js';
import { InputError, type Problem } from '../model/problems.js';
import type { Component, Flow, SourcePosition, ThreatModel, Zone } from '../model/types.js';
import {
  holdsLiteralSecret,
  hostMentions,
  isLocalOrAddress,
  protocolOfScheme,
  serviceNamedByVariable,
} from './container-env.js';
import { readCommandLineAuth } from './command-line-auth.js';
import { parseEnvFile } from './compose-interpolation.js';
import {
  ComposeFileReader,
  mergeProjects,
  type ComposeProject,
  type ComposeService,
  type EnvEntry,
  type Where,
} from './compose-file.js';
import type { ImportOptions, ImportResult, Importer } from './importer.js';
import {
  declared,
  FlowSet,
  keepContainerInside,
  newComponent,
  newZone,
  shown,
} from './model-parts.js';
import { readYamlDocument } from './yaml-stream.js';

const COMPOSE_FILE_NAME = /(^|[\\/])(docker-)?compose[^\\/]*\.ya?ml$/i;
const DEFAULT_NETWORK = 'default';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

export const composeImporter: Importer = {
  format: 'compose',
  description: 'docker-compose files (several are merged in order, like docker compose -f a -f b)',
  severalInputs: true,
  detect(text, file) {
    if (file && COMPOSE_FILE_NAME.test(file)) return true;
    if (file && !/\.ya?ml$/i.test(file)) return false;
    return /^services\s*:/m.test(text) && !/^(apiVersion|kind|technical_assets)\s*:/m.test(text);
  },
  parse(text, options = {}) {
    return importCompose(text, options);
  },
};

function importCompose(text: string, options: ImportOptions): ImportResult {
  const warnings: Problem[] = [];
  const env = new Map<string, string>();
  if (options.env) {
    const parsed = parseEnvFile(options.env.text, options.env.file);
    parsed.env.forEach((value, name) => env.set(name, value));
    warnings.push(...parsed.warnings);
  }
  const inputs = [{ text, file: options.file }, ...(options.extraInputs ?? [])];
  const projects = inputs.map((input) => readProject(input.text, input.file, env, warnings));
  const project = mergeProjects(projects);
  if (project.services.size === 0) {
    throw new InputError([
      ...warnings,
      {
        severity: 'error',
        code: 'no-services',
        message: 'no services: a compose file lists them under a top-level services: key',
        file: options.file,
        line: 1,
        column: 1,
      },
    ]);
  }
  return { model: buildModel(project, warnings), warnings };
}

function readProject(
  text: string,
  file: string | undefined,
  env: ReadonlyMap<string, string>,
  warnings: Problem[],
): ComposeProject {
  const source = readYamlDocument(text, file, { merge: true });
  if (source === undefined || source.value === null) {
    warnings.push({
      severity: 'warning',
      code: 'empty',
      message: 'empty file',
      file,
      line: 1,
      column: 1,
    });
    return { services: new Map(), networks: new Map() };
  }
  if (typeof source.value !== 'object' || Array.isArray(source.value)) {
    throw new InputError([
      {
        severity: 'error',
        code: 'not-compose',
        message: 'not a compose file: the top level must be a mapping with services:',
        file,
        ...source.positionOf([]),
      },
    ]);
  }
  return new ComposeFileReader(source, env, warnings).read();
}

function buildModel(project: ComposeProject, warnings: Problem[]): ThreatModel {
  const zones = buildZones(project, warnings);
  const components = [...project.services.values()].map((service) =>
    buildComponent(service, project, zones, warnings),
  );
  reportEnvFiles(project, warnings);
  return {
    title: project.name,
    zones: [...zones.values()],
    components,
    flows: buildFlows(project, warnings),
    dataClasses: [],
  };
}

/**
 * Declared networks, then the default network if any service lands on it. A service's
 * undeclared networks are reported and dropped from it here, so zones name only real ones.
 */
function buildZones(project: ComposeProject, warnings: Problem[]): Map<string, Zone> {
  const zones = new Map<string, Zone>();
  const add = (name: string, where?: Where, internal?: { value: boolean }) => {
    const trust: Zone['trust'] = internal?.value
      ? declared('internal', `network '${name}' is internal: it has no route out of the host`)
      : {
          value: 'internal',
          source: 'assumed',
          reason: 'a compose network; exposure is per published port',
        };
    zones.set(name, newZone(name, name, trust, where && positionOf(where)));
  };
  for (const network of project.networks.values()) {
    add(network.name, network.where, network.internal);
  }
  for (const service of project.services.values()) {
    for (const [network, where] of service.networks) {
      if (network === DEFAULT_NETWORK || project.networks.has(network)) continue;
      warnings.push(
        problemAt(
          where,
          'unknown-network',
          `service '${service.name}' joins ` +
            `network '${shown(network)}', which is not declared under networks: (known: ` +
            `${knownList(project.networks.keys())}); ignored`,
        ),
      );
      service.networks.delete(network);
    }
    if (service.networks.size === 0 && !service.networkMode && !zones.has(DEFAULT_NETWORK)) {
      add(DEFAULT_NETWORK);
    }
    if (service.networks.has(DEFAULT_NETWORK) && !zones.has(DEFAULT_NETWORK)) add(DEFAULT_NETWORK);
  }
  return zones;
}

function buildComponent(
  service: ComposeService,
  project: ComposeProject,
  zones: Map<string, Zone>,
  warnings: Problem[],
): Component {
  const component = newComponent(service.name, service.name, positionOf(service.where));
  if (service.image) {
    const match = matchTechnologyByImage(service.image.value);
    if (match) {
      component.technology = declared(
        match.technology.id,
        `image '${service.image.value}' is ${match.technology.name}`,
      );
    }
  }
  keepContainerInside(component);
  const { entrypoint = [], command = [] } = service.commandLine ?? {};
  readCommandLineAuth(component, [...entrypoint, ...command], 'its command line');
  const zone = zoneOf(service, project, zones);
  if (zone) component.zone = zone;
  component.internetExposed = exposureOf(service);
  if (service.secrets.length > 0) {
    component.data = declared(['secrets'], `mounts secrets ${service.secrets.join(', ')}`);
  }
  for (const [name, entry] of service.environment) {
    if (!holdsLiteralSecret(name, entry.literal)) continue;
    warnings.push(
      problemAt(
        entry.where,
        'secret-in-config',
        `service '${service.name}': environment variable '${name}' holds a literal secret ` +
          '(value not shown); read it from a secret or an untracked env file instead',
      ),
    );
    component.controls['secrets-in-config'] ??= declared(
      true,
      `environment variable '${name}' holds a literal secret`,
    );
  }
  return component;
}

function zoneOf(
  service: ComposeService,
  project: ComposeProject,
  zones: Map<string, Zone>,
): Component['zone'] {
  const mode = service.networkMode?.value;
  if (mode !== undefined) {
    const shared = /^service:(.+)$/.exec(mode)?.[1];
    const other = shared === undefined ? undefined : project.services.get(shared);
    const first = other ? ([...other.networks.keys()][0] ?? DEFAULT_NETWORK) : undefined;
    return first && zones.has(first)
      ? declared(first, `shares the network of service '${shared}'`)
      : undefined;
  }
  const networks = [...service.networks.keys()];
  if (networks.length === 0) {
    return declared(DEFAULT_NETWORK, 'joins no named network, so the default one');
  }
  return declared(
    networks[0]!,
    networks.length === 1
      ? `joins network '${networks[0]}'`
      : `joins networks ${networks.join(', ')}; the first is its zone`,
  );
}

/** Published ports reach the internet unless bound to loopback; host networking always does. */
function exposureOf(service: ComposeService): Component['internetExposed'] {
  const mode = service.networkMode?.value;
  if (mode === 'host') {
    return declared(true, "network_mode 'host': it listens on the host's interfaces");
  }
  const open = service.ports.find((port) => !port.hostIp || !LOOPBACK.test(port.hostIp));
  if (open) {
    const on =
      open.hostIp && open.hostIp !== '0.0.0.0' ? `on ${open.hostIp}` : 'on all host interfaces';
    return declared(true, `publishes port '${open.spec}' ${on}`);
  }
  if (service.ports.length > 0) {
    return declared(false, `publishes ports on loopback only ('${service.ports[0]!.spec}')`);
  }
  return declared(false, 'publishes no ports');
}

function buildFlows(project: ComposeProject, warnings: Problem[]) {
  const hosts = hostIndex(project);
  const flows = new FlowSet();
  for (const service of project.services.values()) {
    const connect = (target: string, where: Where) =>
      target === service.name ? undefined : flows.connect(service.name, target, positionOf(where));
    const declaredLinks = [
      ['depends_on', service.dependsOn],
      ['links', service.links],
    ] as const;
    for (const [field, targets] of declaredLinks) {
      for (const [target, where] of targets) {
        if (project.services.has(target)) connect(target, where);
        else {
          warnings.push(
            problemAt(
              where,
              'unknown-service',
              `service '${service.name}': ${field} ` +
                `names '${shown(target)}', which is not a service in the input; skipped`,
            ),
          );
        }
      }
    }
    for (const [name, entry] of service.environment) {
      connectByEnvironment(service, name, entry, { hosts, project, connect, warnings });
    }
  }
  return flows.flows;
}

interface FlowContext {
  hosts: Map<string, string>;
  project: ComposeProject;
  connect: (target: string, where: Where) => { flow: Flow } | undefined;
  warnings: Problem[];
}

/** Hosts a variable's value names become flows; failing those, a name like `CART_HOST`. */
function connectByEnvironment(
  service: ComposeService,
  name: string,
  entry: EnvEntry,
  { hosts, project, connect, warnings }: FlowContext,
): void {
  const mentions = hostMentions(name, entry.value);
  for (const mention of mentions) {
    const target = hosts.get(mention.host);
    if (target === undefined) {
      if (!mention.host.includes('.') && !isLocalOrAddress(mention.host)) {
        warnings.push(
          problemAt(
            entry.where,
            'unknown-host',
            `service '${service.name}': ` +
              `environment variable '${name}' names host '${shown(mention.host)}', which is not ` +
              'a service in the input; no flow',
          ),
        );
      }
      continue;
    }
    const result = connect(target, entry.where);
    if (result && mention.scheme && !result.flow.protocol) {
      result.flow.protocol = declared(
        protocolOfScheme(mention.scheme),
        `environment variable '${name}' of ${service.name} holds ${mention.how}`,
      );
    }
  }
  const named = serviceNamedByVariable(name);
  if (mentions.length === 0 && named && project.services.has(named)) connect(named, entry.where);
}

/** Every name a service answers to on its networks, lower-cased; the first claim wins. */
function hostIndex(project: ComposeProject): Map<string, string> {
  const hosts = new Map<string, string>();
  const claim = (host: string, service: string) => {
    if (!hosts.has(host)) hosts.set(host, service);
  };
  for (const service of project.services.values()) claim(service.name.toLowerCase(), service.name);
  for (const service of project.services.values()) {
    for (const alias of service.aliases) claim(alias, service.name);
    for (const [alias, target] of service.linkAliases) claim(alias, target);
  }
  return hosts;
}

/** One line per env file: Strider reads only the files it is given. */
function reportEnvFiles(project: ComposeProject, warnings: Problem[]): void {
  const users = new Map<string, { where: Where; services: string[] }>();
  for (const service of project.services.values()) {
    for (const { path, where } of service.envFiles) {
      const entry = users.get(path) ?? { where, services: [] };
      entry.services.push(service.name);
      users.set(path, entry);
    }
  }
  for (const [path, { where, services }] of users) {
    warnings.push(
      problemAt(
        where,
        'env-file-not-read',
        `env_file '${shown(path)}' ` +
          `(${services.join(', ')}) is not read: hosts and secrets in it are not in the model`,
      ),
    );
  }
}

function positionOf(where: Where): SourcePosition {
  return { line: where.line, column: where.column };
}

function problemAt(where: Where, code: string, message: string): Problem {
  return { severity: 'warning', code, message, ...where };
}
