/**
 * Reads Threagile models: technical assets become components, trust boundaries zones (nested
 * through trust_boundaries_nested), communication links flows, and data assets data classes
 * whose sensitivity follows their confidentiality. Anchors and `<<` merges are honoured, as
 * Threagile's own example relies on them.
 */
import { createFlowIdAllocator, knownList } from '../model/ids.js';
import { InputError, type Problem } from '../model/problems.js';
import type {
  Component,
  ComponentKind,
  DataClass,
  ElementType,
  Flow,
  Sensitivity,
  ThreatModel,
  TrustLevel,
  Zone,
} from '../model/types.js';
import type { PathSegment, SourceDocument } from '../model/yaml-source.js';
import type { ImportOptions, ImportResult, Importer } from './importer.js';
import { declared, newComponent, newZone, shown } from './model-parts.js';
import { readYamlDocument, warningAt } from './yaml-stream.js';

const ASSET_TYPES = {
  'external-entity': 'external',
  'process': 'process',
  'datastore': 'datastore',
} as const satisfies Record<string, ElementType>;

/** Threagile's technologies are kinds of thing, not products: each maps onto a kind. */
const TECHNOLOGY_KINDS = {
  'client-system': 'external-service',
  'browser': 'browser',
  'desktop': 'user',
  'mobile-app': 'mobile-app',
  'devops-client': 'admin-interface',
  'web-server': 'web-app',
  'web-application': 'web-app',
  'application-server': 'service',
  'database': 'database',
  'file-server': 'file-store',
  'local-file-system': 'file-store',
  'erp': 'service',
  'cms': 'web-app',
  'web-service-rest': 'service',
  'web-service-soap': 'service',
  'ejb': 'service',
  'search-index': 'search-engine',
  'search-engine': 'search-engine',
  'service-registry': 'service-registry',
  'reverse-proxy': 'reverse-proxy',
  'load-balancer': 'load-balancer',
  'build-pipeline': 'ci-cd',
  'sourcecode-repository': 'source-repository',
  'artifact-registry': 'artifact-registry',
  'code-inspection-platform': 'ci-cd',
  'monitoring': 'monitoring',
  'ldap-server': 'identity-provider',
  'container-platform': 'container-platform',
  'batch-processing': 'service',
  'event-listener': 'service',
  'identity-provider': 'identity-provider',
  'identity-store-ldap': 'identity-provider',
  'identity-store-database': 'database',
  'tool': 'service',
  'cli': 'service',
  'task': 'service',
  'function': 'serverless-function',
  'gateway': 'api-gateway',
  'iot-device': 'iot-device',
  'message-queue': 'queue',
  'stream-processing': 'message-broker',
  'service-mesh': 'service',
  'data-lake': 'object-storage',
  'big-data-platform': 'analytics',
  'report-engine': 'analytics',
  'ai': 'llm-app',
  'mail-server': 'email-service',
  'vault': 'secret-store',
  'hsm': 'secret-store',
  'waf': 'waf',
  'ids': 'monitoring',
  'ips': 'monitoring',
  'scheduler': 'service',
  'mainframe': 'service',
  'block-storage': 'file-store',
  'library': 'service',
} as const satisfies Record<string, ComponentKind>;

/** Threagile protocols: our protocol name and whether Threagile counts it as encrypted. */
const PROTOCOLS = {
  'http': ['http', false],
  'https': ['https', true],
  'ws': ['ws', false],
  'wss': ['wss', true],
  'reverse-proxy-web-protocol': ['http', false],
  'reverse-proxy-web-protocol-encrypted': ['https', true],
  'mqtt': ['mqtt', false],
  'jdbc': ['sql', false],
  'jdbc-encrypted': ['sql', true],
  'odbc': ['sql', false],
  'odbc-encrypted': ['sql', true],
  'sql-access-protocol': ['sql', false],
  'sql-access-protocol-encrypted': ['sql', true],
  'nosql-access-protocol': ['nosql', false],
  'nosql-access-protocol-encrypted': ['nosql', true],
  'binary': ['tcp', false],
  'binary-encrypted': ['tls', true],
  'text': ['tcp', false],
  'text-encrypted': ['tls', true],
  'ssh': ['ssh', true],
  'ssh-tunnel': ['ssh', true],
  'smtp': ['smtp', false],
  'smtp-encrypted': ['smtp', true],
  'pop3': ['pop3', false],
  'pop3-encrypted': ['pop3', true],
  'imap': ['imap', false],
  'imap-encrypted': ['imap', true],
  'ftp': ['ftp', false],
  'ftps': ['ftps', true],
  'sftp': ['sftp', true],
  'scp': ['ssh', true],
  'ldap': ['ldap', false],
  'ldaps': ['ldaps', true],
  'jms': ['jms', false],
  'nfs': ['nfs', false],
  'smb': ['smb', false],
  'smb-encrypted': ['smb', true],
  'local-file-access': ['local-file', false],
  'nrpe': ['nrpe', false],
  'xmpp': ['xmpp', false],
  'iiop': ['iiop', false],
  'iiop-encrypted': ['iiop', true],
  'jrmp': ['jrmp', false],
  'jrmp-encrypted': ['jrmp', true],
  'in-process-library-call': ['in-process', false],
  'container-spawning': ['container-spawning', false],
} as const satisfies Record<string, readonly [string, boolean]>;

/** Local calls never cross a network, so encryption says nothing about them. */
const LOCAL_PROTOCOLS = new Set([
  'local-file-access',
  'in-process-library-call',
  'container-spawning',
]);

const AUTHENTICATION = {
  'none': 'none',
  'credentials': 'password',
  'session-id': 'session',
  'token': 'token',
  'client-certificate': 'mtls',
  'two-factor': 'mfa',
  'externalized': 'externalized',
} as const satisfies Record<string, string>;

/** Threagile's five levels onto our four: its 'restricted' sits below 'confidential'. */
const CONFIDENTIALITY = {
  'public': 'public',
  'internal': 'internal',
  'restricted': 'confidential',
  'confidential': 'confidential',
  'strictly-confidential': 'restricted',
} as const satisfies Record<string, Sensitivity>;

/**
 * Boundary types say what kind of network a boundary is, not how far it is trusted; the
 * name ('Web DMZ') usually says more, so these stay assumptions that inference may refine.
 */
const BOUNDARY_TRUST = {
  'network-on-prem': 'internal',
  'network-dedicated-hoster': 'internal',
  'network-virtual-lan': 'internal',
  'network-cloud-provider': 'internal',
  'network-cloud-security-group': 'restricted',
  'network-policy-namespace-isolation': 'restricted',
  'execution-environment': 'internal',
} as const satisfies Record<string, TrustLevel>;

const ENCRYPTION_AT_REST = {
  'none': false,
  'transparent': true,
  'data-with-symmetric-shared-key': true,
  'data-with-asymmetric-shared-key': true,
  'data-with-end-user-individual-key': true,
} as const satisfies Record<string, boolean>;

/** Sections that describe risks and runtimes, not the system's structure. */
const SKIPPED_SECTIONS = [
  'shared_runtimes',
  'individual_risk_categories',
  'risk_tracking',
  'includes',
];

type Fields = Record<string, unknown>;

export const threagileImporter: Importer = {
  format: 'threagile',
  description: 'Threagile YAML models: technical assets, trust boundaries, communication links',
  detect(text, file) {
    if (file && !/\.ya?ml$/i.test(file)) return false;
    return /^(technical_assets|threagile_version)\s*:/m.test(text);
  },
  parse(text, options = {}) {
    return importThreagile(text, options);
  },
};

function importThreagile(text: string, options: ImportOptions): ImportResult {
  const source = readYamlDocument(text, options.file, { merge: true });
  const root = source?.value;
  if (!source || !isFields(root) || !isFields(root.technical_assets)) {
    throw new InputError([
      {
        severity: 'error',
        code: 'no-assets',
        message: 'no technical_assets: a Threagile model lists its assets under that key',
        file: options.file,
        ...(source?.positionOf([]) ?? { line: 1, column: 1 }),
      },
    ]);
  }
  const reader = new ThreagileReader(source, root);
  return { model: reader.read(), warnings: reader.warnings };
}

interface Asset {
  title: string;
  fields: Fields;
  component: Component;
}

class ThreagileReader {
  readonly warnings: Problem[] = [];
  private readonly dataClasses = new Map<string, DataClass>();
  private readonly components = new Map<string, Component>();
  private readonly assets: Asset[] = [];

  constructor(
    private readonly source: SourceDocument,
    private readonly root: Fields,
  ) {}

  read(): ThreatModel {
    this.readDataAssets();
    for (const [title, asset] of this.section('technical_assets')) this.readAsset(title, asset);
    const flows = this.readLinks();
    const zones = this.readBoundaries();
    for (const section of SKIPPED_SECTIONS) {
      if (this.root[section] !== undefined && this.root[section] !== null) {
        this.warn([section], 'skipped', `skipped: ${section} is not part of the model`, true);
      }
    }
    return {
      title: typeof this.root.title === 'string' ? this.root.title : undefined,
      zones,
      components: [...this.components.values()],
      flows,
      dataClasses: [...this.dataClasses.values()],
    };
  }

  private readDataAssets(): void {
    for (const [title, asset] of this.section('data_assets')) {
      const id = this.idOf(asset, ['data_assets', title]);
      if (id === undefined) continue;
      const level = this.choice(CONFIDENTIALITY, asset.confidentiality, [
        'data_assets',
        title,
        'confidentiality',
      ]);
      this.dataClasses.set(id, { id, name: title, sensitivity: level ?? 'confidential' });
    }
  }

  private readAsset(title: string, asset: Fields): void {
    const path = ['technical_assets', title];
    const id = this.idOf(asset, path);
    if (id === undefined) return;
    if (this.components.has(id)) {
      this.warn([...path, 'id'], 'duplicate-id', `duplicate asset ID '${id}': skipped`);
      return;
    }
    const component = newComponent(id, title, this.source.positionOf(path, true));
    const type = this.choice(ASSET_TYPES, asset.type, [...path, 'type']);
    if (type) component.type = declared(type, `Threagile type '${String(asset.type)}'`);
    const kind = this.choice(TECHNOLOGY_KINDS, asset.technology, [...path, 'technology']);
    if (kind) component.kind = declared(kind, `Threagile technology '${String(asset.technology)}'`);
    if (asset.internet === true) {
      component.internetExposed = declared(true, 'Threagile places it on the internet');
    }
    const atRest = this.choice(ENCRYPTION_AT_REST, asset.encryption, [...path, 'encryption']);
    if (atRest !== undefined) {
      component.encryptionAtRest = declared(
        atRest,
        `Threagile encryption '${String(asset.encryption)}'`,
      );
    }
    const data = [
      ...this.dataRefs(asset.data_assets_processed, [...path, 'data_assets_processed']),
      ...this.dataRefs(asset.data_assets_stored, [...path, 'data_assets_stored']),
    ];
    if (data.length > 0) {
      component.data = declared([...new Set(data)], 'data_assets_processed and data_assets_stored');
    }
    this.components.set(id, component);
    this.assets.push({ title, fields: asset, component });
  }

  private readLinks(): Flow[] {
    const allocate = createFlowIdAllocator();
    const flows: Flow[] = [];
    for (const { title, fields, component } of this.assets) {
      const linksPath = ['technical_assets', title, 'communication_links'];
      for (const [name, link] of this.entries(fields.communication_links, linksPath)) {
        const flow = this.readLink(component, name, link, [...linksPath, name], allocate);
        if (flow) flows.push(flow);
      }
    }
    return flows;
  }

  private readLink(
    from: Component,
    name: string,
    link: Fields,
    path: PathSegment[],
    allocate: (from: string, to: string) => string,
  ): Flow | undefined {
    const target = typeof link.target === 'string' ? this.components.get(link.target) : undefined;
    if (!target) {
      this.warn(
        [...path, 'target'],
        'unknown-asset',
        `link '${name}' of '${from.name}' targets ` +
          `unknown asset '${shown(link.target)}' (known: ${knownList(this.components.keys())}); ` +
          'skipped',
      );
      return undefined;
    }
    const flow: Flow = {
      id: allocate(from.id, target.id),
      from: from.id,
      to: target.id,
      label: name,
      data: { value: [], source: 'assumed', reason: 'no data declared' },
      controls: {},
      position: this.source.positionOf(path, true),
    };
    this.linkTransport(flow, link, path);
    const data = [
      ...this.dataRefs(link.data_assets_sent, [...path, 'data_assets_sent']),
      ...this.dataRefs(link.data_assets_received, [...path, 'data_assets_received']),
    ];
    if (data.length > 0) flow.data = declared([...new Set(data)], 'data_assets_sent and _received');
    if (link.authorization === 'end-user-identity-propagation') {
      flow.controls['identity-propagation'] = declared(
        true,
        'Threagile authorization ' + "'end-user-identity-propagation'",
      );
    }
    return flow;
  }

  private linkTransport(flow: Flow, link: Fields, path: PathSegment[]): void {
    const protocol = this.choice(PROTOCOLS, link.protocol, [...path, 'protocol']);
    const named = `Threagile protocol '${String(link.protocol)}'`;
    if (protocol) {
      flow.protocol = declared(protocol[0], named);
      if (!LOCAL_PROTOCOLS.has(String(link.protocol))) {
        flow.encrypted = declared(protocol[1], named);
      }
    }
    if (link.vpn === true && flow.encrypted?.value !== true) {
      flow.encrypted = declared(true, 'the link runs over a VPN');
    }
    const authentication = this.choice(AUTHENTICATION, link.authentication, [
      ...path,
      'authentication',
    ]);
    if (authentication === 'mfa') {
      flow.authentication = declared('password', "Threagile authentication 'two-factor'");
      flow.controls.mfa = declared(true, "Threagile authentication 'two-factor'");
    } else if (authentication) {
      flow.authentication = declared(
        authentication,
        `Threagile authentication '${String(link.authentication)}'`,
      );
    }
  }

  private readBoundaries(): Zone[] {
    const zones = new Map<string, Zone>();
    const boundaries = this.section('trust_boundaries');
    for (const [title, boundary] of boundaries) {
      const path = ['trust_boundaries', title];
      const id = this.idOf(boundary, path);
      if (id === undefined) continue;
      if (zones.has(id)) {
        this.warn([...path, 'id'], 'duplicate-id', `duplicate trust boundary ID '${id}': skipped`);
        continue;
      }
      const type = this.choice(BOUNDARY_TRUST, boundary.type, [...path, 'type']);
      zones.set(
        id,
        newZone(
          id,
          title,
          {
            value: type ?? 'internal',
            source: 'assumed',
            reason: `Threagile boundary type '${String(boundary.type)}'`,
          },
          this.source.positionOf(path, true),
        ),
      );
    }
    for (const [title, boundary] of boundaries) {
      const zone = typeof boundary.id === 'string' ? zones.get(boundary.id) : undefined;
      if (!zone || zone.name !== title) continue;
      this.placeAssets(zone, boundary, ['trust_boundaries', title]);
      this.nestBoundaries(zone, zones, boundary, ['trust_boundaries', title]);
    }
    return [...zones.values()];
  }

  private placeAssets(zone: Zone, boundary: Fields, path: PathSegment[]): void {
    this.references(
      boundary.technical_assets_inside,
      [...path, 'technical_assets_inside'],
      (id, at) => {
        const component = this.components.get(id);
        if (!component) {
          return this.warn(at, 'unknown-asset', `unknown asset '${shown(id)}'; skipped`);
        }
        if (component.zone) {
          return this.warn(
            at,
            'two-boundaries',
            `asset '${id}' is already inside ` + `'${component.zone.value}'; kept there`,
          );
        }
        component.zone = declared(zone.id, `technical_assets_inside of '${zone.name}'`);
      },
    );
  }

  private nestBoundaries(
    zone: Zone,
    zones: Map<string, Zone>,
    boundary: Fields,
    path: PathSegment[],
  ): void {
    this.references(
      boundary.trust_boundaries_nested,
      [...path, 'trust_boundaries_nested'],
      (id, at) => {
        const child = zones.get(id);
        if (!child) {
          return this.warn(
            at,
            'unknown-boundary',
            `unknown trust boundary '${shown(id)}'; skipped`,
          );
        }
        if (child.parent !== undefined || isAncestor(child.id, zone, zones)) {
          return this.warn(
            at,
            'bad-nesting',
            `trust boundary '${id}' cannot nest here ` +
              '(it already has a parent, or this would make a cycle); skipped',
          );
        }
        child.parent = zone.id;
      },
    );
  }

  private dataRefs(raw: unknown, path: PathSegment[]): string[] {
    const ids: string[] = [];
    this.references(raw, path, (id, at) => {
      if (this.dataClasses.has(id)) ids.push(id);
      else this.warn(at, 'unknown-data-asset', `unknown data asset '${shown(id)}'; skipped`);
    });
    return ids;
  }

  /** Calls `use` for each ID of a list of references; anything else is reported. */
  private references(
    raw: unknown,
    path: PathSegment[],
    use: (id: string, at: PathSegment[]) => void,
  ): void {
    if (raw === undefined || raw === null) return;
    if (!Array.isArray(raw)) return this.warn(path, 'bad-value', 'expected a list of IDs; skipped');
    raw.forEach((item, index) => {
      if (typeof item === 'string') use(item, [...path, index]);
      else this.warn([...path, index], 'bad-value', 'expected an ID; skipped');
    });
  }

  private idOf(fields: Fields, path: PathSegment[]): string | undefined {
    if (typeof fields.id === 'string' && fields.id !== '') return fields.id;
    this.warn(path, 'no-id', `'${shown(path[path.length - 1])}' has no id; skipped`, true);
    return undefined;
  }

  /** A value from a closed Threagile vocabulary; anything else is reported with the choices. */
  private choice<T extends Record<string, unknown>>(
    table: T,
    raw: unknown,
    path: PathSegment[],
  ): T[keyof T] | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === 'string' && Object.hasOwn(table, raw)) return table[raw as keyof T];
    if (raw !== 'unknown-technology' && raw !== 'unknown-protocol') {
      this.warn(
        path,
        'unknown-value',
        `unknown value '${shown(raw)}' (known: ` + `${knownList(Object.keys(table), 12)}); ignored`,
      );
    }
    return undefined;
  }

  private section(name: string): [string, Fields][] {
    return this.entries(this.root[name], [name]);
  }

  /** The `title: {fields}` entries of a mapping; entries that are not mappings are reported. */
  private entries(raw: unknown, path: PathSegment[]): [string, Fields][] {
    if (raw === undefined || raw === null) return [];
    if (!isFields(raw)) {
      this.warn(path, 'bad-value', 'expected a mapping; skipped');
      return [];
    }
    const result: [string, Fields][] = [];
    for (const [title, value] of Object.entries(raw)) {
      if (isFields(value)) result.push([title, value]);
      else this.warn([...path, title], 'bad-value', `'${title}' is not a mapping; skipped`, true);
    }
    return result;
  }

  private warn(path: PathSegment[], code: string, message: string, key = false): void {
    this.warnings.push(warningAt(this.source, path, code, message, key));
  }
}

function isAncestor(id: string, zone: Zone, zones: Map<string, Zone>): boolean {
  const seen = new Set<string>();
  for (let current: Zone | undefined = zone; current; current = zones.get(current.parent ?? '')) {
    if (current.id === id) return true;
    if (seen.has(current.id)) return false;
    seen.add(current.id);
  }
  return false;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
