/**
 * The threat model every importer produces and every rule reads. Each fact a rule may rest on
 * is a `Fact`, so its provenance (declared, read from a label, a technology default...) travels
 * with it into the report. A missing fact means "undeclared": nobody said, and nothing implied it.
 */

/** Where a fact came from, from most to least certain. */
export const FACT_SOURCES = [
  'declared',
  'hint',
  'label',
  'technology',
  'topology',
  'assumed',
] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

export interface Fact<T> {
  value: T;
  source: FactSource;
  /** Why Strider believes it, in words: "label 'Redis Cache' names Redis". */
  reason?: string;
}

/** A position in an input file, one-based, kept so findings can point back at it. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Coarse data-flow-diagram element types. */
export const ELEMENT_TYPES = ['actor', 'process', 'datastore', 'external'] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];

/** What a component is, finer than its DFD type; technologies map onto these. */
export const COMPONENT_KINDS = [
  'user',
  'admin-user',
  'browser',
  'mobile-app',
  'iot-device',
  'web-app',
  'service',
  'api-gateway',
  'waf',
  'reverse-proxy',
  'load-balancer',
  'cdn',
  'database',
  'cache',
  'object-storage',
  'file-store',
  'search-engine',
  'message-broker',
  'queue',
  'log-service',
  'analytics',
  'monitoring',
  'alerting',
  'identity-provider',
  'secret-store',
  'ci-cd',
  'source-repository',
  'artifact-registry',
  'container-platform',
  'service-registry',
  'serverless-function',
  'llm-api',
  'vector-store',
  'llm-app',
  'email-service',
  'payment-provider',
  'external-service',
  'admin-interface',
  'backup',
  'unknown',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Trust levels of zones, from the open internet inwards. */
export const TRUST_LEVELS = ['untrusted', 'dmz', 'internal', 'restricted'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/**
 * Named security controls a component or flow may declare. A control set to `true` means the
 * model says it is in place; `false` means it is known to be absent.
 */
export const CONTROLS = [
  'mfa',
  'token-validation',
  'rate-limiting',
  'input-validation',
  'output-encoding',
  'csrf-protection',
  'log-redaction',
  'log-access-control',
  'log-integrity',
  'security-logging',
  'alerting',
  'replication',
  'backup',
  'backup-encryption',
  'secret-store',
  'secrets-in-config',
  'default-credentials',
  'least-privilege',
  'identity-propagation',
  'object-level-authorization',
  'signed-artifacts',
  'image-scanning',
  'non-root',
  'message-signing',
  'webhook-verification',
  'output-validation',
  'public-access',
  'url-allowlist',
  'xml-external-entities-disabled',
  'safe-deserialization',
  'path-canonicalization',
  'query-parameterization',
  'network-policy',
  'prompt-injection-defense',
  'prompt-redaction',
] as const;
export type Control = (typeof CONTROLS)[number];

export interface Zone {
  id: string;
  name: string;
  trust: Fact<TrustLevel>;
  parent?: string;
  position?: SourcePosition;
}

export interface Component {
  id: string;
  name: string;
  type: Fact<ElementType>;
  kind: Fact<ComponentKind>;
  /** An ID from the technology catalog. */
  technology?: Fact<string>;
  zone?: Fact<string>;
  /** Data classes held or processed (IDs from the data-class catalog). */
  data: Fact<string[]>;
  /** Whether callers must authenticate. */
  authentication?: Fact<boolean>;
  encryptionAtRest?: Fact<boolean>;
  internetExposed?: Fact<boolean>;
  controls: Partial<Record<Control, Fact<boolean>>>;
  /** The shape the diagram drew it with (cylinder, circle, actor...), a hint for inference. */
  shape?: string;
  position?: SourcePosition;
}

export interface Flow {
  id: string;
  from: string;
  to: string;
  label?: string;
  /** Normalized protocol name: https, http, grpc, tcp, amqp, ... */
  protocol?: Fact<string>;
  encrypted?: Fact<boolean>;
  /** Authentication mechanism: none, jwt, mtls, api-key, password, oauth, ... */
  authentication?: Fact<string>;
  data: Fact<string[]>;
  bidirectional?: boolean;
  controls: Partial<Record<Control, Fact<boolean>>>;
  position?: SourcePosition;
}

export interface ThreatModel {
  title?: string;
  zones: Zone[];
  components: Component[];
  flows: Flow[];
  /** Extra data classes the model declares, beyond the built-in catalog. */
  dataClasses: DataClass[];
  /** Threats the input file already recorded (Threat Dragon, OTM), kept as they were. */
  recordedThreats?: RecordedThreat[];
}

/**
 * A threat written down in the input by a person or another tool. Strider does not analyze
 * these; it keeps them so `strider model` shows them and exporters can write them back.
 */
export interface RecordedThreat {
  /** The component or flow ID the threat was recorded on. */
  element: string;
  title: string;
  /** The other tool's own ID for the threat, when it has one. */
  id?: string;
  /** As the tool wrote it: Open, Mitigated, exposed... */
  status?: string;
  severity?: string;
  /** The category the tool filed it under: 'Spoofing', 'Information disclosure'... */
  type?: string;
  description?: string;
  mitigation?: string;
}

export const SENSITIVITIES = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export interface DataClass {
  id: string;
  name: string;
  sensitivity: Sensitivity;
}
