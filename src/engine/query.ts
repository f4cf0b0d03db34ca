import {
  findTechnologyById,
  isSensitiveLevel,
  sensitivityOf,
  tokenizeLabel,
  type Technology,
} from '../catalog/index.js';
import type { Evidence } from '../rules/rule.js';
import type {
  Component,
  ComponentKind,
  Control,
  Fact,
  Flow,
  Sensitivity,
  ThreatModel,
  TrustLevel,
  Zone,
} from '../model/types.js';

export type Exposure = 'internet' | 'dmz' | 'internal';

/** How far from the internet each trust level sits; higher is deeper inside. */
export const TRUST_DEPTH: Record<TrustLevel, number> = {
  untrusted: 0,
  dmz: 1,
  internal: 2,
  restricted: 3,
};

/** Kinds that stand between the internet and the system and can filter what passes. */
export const EDGE_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'waf',
  'api-gateway',
  'reverse-proxy',
  'load-balancer',
  'cdn',
]);

/** Edge kinds that inspect or authenticate requests; a plain load balancer or CDN does not. */
export const FILTERING_EDGE_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'waf',
  'api-gateway',
  'reverse-proxy',
]);

/** Kinds that run application logic callers talk to; edges and stores have rules of their own. */
export const APPLICATION_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'service',
  'web-app',
  'api-gateway',
  'serverless-function',
  'llm-app',
  'unknown',
]);

/** Where security events end up to be kept, watched and acted on. */
export const MONITORING_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'log-service',
  'monitoring',
  'alerting',
]);

/** Kinds that run deployed code, and so receive what a pipeline ships. */
export const RUNTIME_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'container-platform',
  'serverless-function',
  'service',
  'web-app',
  'llm-app',
  'iot-device',
]);

/** Brokers and queues: they decouple producers from consumers. */
export const MESSAGING_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'message-broker',
  'queue',
]);

/** People and the software they or their devices run, outside the operator's control. */
export const CLIENT_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'user',
  'admin-user',
  'browser',
  'mobile-app',
  'iot-device',
]);

/** Edge kinds built to pass volume on; the component behind them does the real work. */
export const PASS_THROUGH_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'cdn',
  'load-balancer',
]);

/** Kinds that can render pages for a browser; an unknown process might be a web server. */
export const PAGE_SERVING_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'web-app',
  'service',
  'unknown',
]);

/** Protocols browsers load pages over. */
const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'https']);

/** Data classes that belong to individual users or tenants, so access must be per object. */
export const USER_DATA_CLASSES: ReadonlySet<string> = new Set([
  'pii',
  'customer-data',
  'health',
  'payment',
  'user-content',
]);

/** A flow with both its ends, resolved once so that rules never look them up by ID. */
export interface Link {
  readonly flow: Flow;
  readonly source: Component;
  readonly target: Component;
}

/** An element that carries controls: a component or a flow. */
export interface Controlled {
  id: string;
  controls: Partial<Record<Control, Fact<boolean>>>;
}

const SENSITIVITY_RANK: Record<Sensitivity, number> = {
  public: 0,
  internal: 1,
  confidential: 2,
  restricted: 3,
};

/**
 * Read-only questions rules ask of a model, indexed once so a rule over 10,000 components stays
 * linear. Rules never walk the raw arrays for lookups.
 */
export class ModelQuery {
  readonly model: ThreatModel;
  private readonly componentsById = new Map<string, Component>();
  private readonly zonesById = new Map<string, Zone>();
  // On a 10k-node model rules would resolve flow ends a million times; links carry them.
  private readonly allLinks: Link[] = [];
  private readonly linksOut = new Map<string, Link[]>();
  private readonly linksIn = new Map<string, Link[]>();
  /** Rules ask the same component's sensitive data many times; the model does not change. */
  private readonly handled = new Map<string, readonly string[]>();
  // Rules ask the same structural questions of every component; answers are computed once.
  private readonly storesOf = new Map<string, Component[]>();
  private readonly callersOf = new Map<string, Component[]>();
  private readonly calleesOf = new Map<string, Component[]>();
  private entries?: Component[];
  /** Declared data classes are searched in a list; rules ask about the same few many times. */
  private readonly sensitivityById = new Map<string, Sensitivity>();
  /** Several rules read the words of the same labels and protocols. */
  private readonly wordsByText = new Map<string, readonly string[]>();

  constructor(model: ThreatModel) {
    this.model = model;
    for (const component of model.components) this.componentsById.set(component.id, component);
    for (const zone of model.zones) this.zonesById.set(zone.id, zone);
    for (const flow of model.flows) {
      const source = this.componentsById.get(flow.from);
      const target = this.componentsById.get(flow.to);
      if (!source || !target) continue;
      const link: Link = { flow, source, target };
      this.allLinks.push(link);
      pushTo(this.linksOut, flow.from, link);
      pushTo(this.linksIn, flow.to, link);
    }
  }

  get components(): readonly Component[] {
    return this.model.components;
  }

  get flows(): readonly Flow[] {
    return this.model.flows;
  }

  /** Every flow whose two ends are in the model, with those ends, in model order. */
  get links(): readonly Link[] {
    return this.allLinks;
  }

  linksFrom(id: string): readonly Link[] {
    return this.linksOut.get(id) ?? [];
  }

  linksTo(id: string): readonly Link[] {
    return this.linksIn.get(id) ?? [];
  }

  component(id: string): Component | undefined {
    return this.componentsById.get(id);
  }

  /** The component the flow starts at; undefined when the model does not have it. */
  source(flow: Flow): Component | undefined {
    return this.componentsById.get(flow.from);
  }

  /** The component the flow ends at; undefined when the model does not have it. */
  target(flow: Flow): Component | undefined {
    return this.componentsById.get(flow.to);
  }

  /** The data classes the flow with this ID carries; none for an unknown ID. */
  dataCarriedBy(flowId: string): readonly string[] {
    // Diagrams rarely say what flows carry: index only the flows that do.
    if (!this.carriers) {
      this.carriers = new Map();
      for (const flow of this.flows) {
        if (flow.data.value.length > 0) this.carriers.set(flow.id, flow.data.value);
      }
    }
    return this.carriers.get(flowId) ?? NOTHING;
  }

  flow(id: string): Flow | undefined {
    if (!this.flowsById) {
      this.flowsById = new Map();
      for (const flow of this.flows) this.flowsById.set(flow.id, flow);
    }
    return this.flowsById.get(id);
  }

  zone(id: string): Zone | undefined {
    return this.zonesById.get(id);
  }

  /** The flows into the component; `linksTo` gives their sources too. */
  flowsTo(id: string): Flow[] {
    return this.linksTo(id).map((link) => link.flow);
  }

  nameOf(id: string): string {
    return this.componentsById.get(id)?.name ?? id;
  }

  /** The trust level of the component's zone; actors outside any zone count as untrusted. */
  trustOf(component: Component): TrustLevel | undefined {
    const zoneId = component.zone?.value;
    const zone = zoneId === undefined ? undefined : this.zonesById.get(zoneId);
    if (zone) return zone.trust.value;
    if (component.type.value === 'actor' || component.type.value === 'external') {
      return 'untrusted';
    }
    return undefined;
  }

  isOutside(component: Component): boolean {
    return this.trustOf(component) === 'untrusted';
  }

  /**
   * Whether the team runs the component and so can put controls on it: not a person or a third
   * party (actor or external), wherever the diagram drew them.
   */
  isOperated(component: Component): boolean {
    const type = component.type.value;
    return type !== 'actor' && type !== 'external' && !this.isOutside(component);
  }

  /** Whether both ends of the flow sit inside the system (neither is untrusted). */
  isInternalFlow({ source, target }: Link): boolean {
    return !this.isOutside(source) && !this.isOutside(target);
  }

  exposureOf(component: Component): Exposure {
    if (component.internetExposed?.value === true) return 'internet';
    const trust = this.trustOf(component);
    if (trust === 'untrusted') return 'internet';
    if (trust === 'dmz') return 'dmz';
    return 'internal';
  }

  sensitivity(dataClass: string): Sensitivity {
    let level = this.sensitivityById.get(dataClass);
    if (level === undefined) {
      level = sensitivityOf(dataClass, this.model.dataClasses);
      this.sensitivityById.set(dataClass, level);
    }
    return level;
  }

  isSensitive(dataClass: string): boolean {
    return isSensitiveLevel(this.sensitivity(dataClass));
  }

  /** The most sensitive level among the data classes, or undefined when there are none. */
  highestSensitivity(dataClasses: Iterable<string>): Sensitivity | undefined {
    let best: Sensitivity | undefined;
    for (const id of dataClasses) {
      const level = this.sensitivity(id);
      if (best === undefined || SENSITIVITY_RANK[level] > SENSITIVITY_RANK[best]) best = level;
    }
    return best;
  }

  sensitiveDataHeldBy(component: Component): string[] {
    return component.data.value.filter((id) => this.isSensitive(id));
  }

  /** Whether the flow writes to a store that holds, or the flow carries, sensitive data. */
  carriesSensitiveDataIntoStore({ flow, target }: Link): boolean {
    if (target.type.value !== 'datastore') return false;
    const isSensitive = (id: string) => this.isSensitive(id);
    return target.data.value.some(isSensitive) || flow.data.value.some(isSensitive);
  }

  /**
   * Sensitive data a component handles: what it holds, what its flows carry, and what the stores
   * it talks to hold (a service writing to a customer database handles customer data).
   */
  sensitiveDataHandledBy(component: Component): readonly string[] {
    const cached = this.handled.get(component.id);
    if (cached) return cached;
    // The same walk as sensitiveDataEvidence, without building evidence: most components are
    // asked only whether they handle anything, and this runs for each of them.
    let found: Set<string> | undefined;
    const note = (ids: readonly string[]) => {
      for (const id of ids) if (this.isSensitive(id)) (found ??= new Set()).add(id);
    };
    note(component.data.value);
    for (const { flow, target } of this.linksFrom(component.id)) {
      note(flow.data.value);
      if (target.type.value === 'datastore') note(target.data.value);
    }
    for (const { flow, source } of this.linksTo(component.id)) {
      note(flow.data.value);
      if (source.type.value === 'datastore') note(source.data.value);
    }
    const handled = found ? [...found].sort() : NOTHING;
    this.handled.set(component.id, handled);
    return handled;
  }

  /** The facts behind `sensitiveDataHandledBy`, one piece of evidence per source. */
  sensitiveDataEvidence(component: Component): Evidence[] {
    const evidence: Evidence[] = [];
    const held = this.sensitiveDataHeldBy(component);
    if (held.length > 0)
      evidence.push({ ...evidenceOf(component.id, 'data', component.data), value: held });
    const links = [
      ...this.linksFrom(component.id).map((link) => ({ flow: link.flow, peer: link.target })),
      ...this.linksTo(component.id).map((link) => ({ flow: link.flow, peer: link.source })),
    ];
    for (const { flow, peer } of links) {
      const carried = flow.data.value.filter((id) => this.isSensitive(id));
      if (carried.length > 0)
        evidence.push({ ...evidenceOf(flow.id, 'data', flow.data), value: carried });
      if (peer.type.value !== 'datastore') continue;
      const stored = this.sensitiveDataHeldBy(peer);
      if (stored.length === 0) continue;
      evidence.push({
        element: component.id,
        attribute: 'handles',
        value: stored,
        source: peer.data.source,
        reason: `exchanges data with ${peer.name}, which holds ${stored.join(', ')}`,
      });
    }
    return evidence;
  }

  /** The lower-case words of a label or protocol name (see `tokenizeLabel`), cached. */
  words(text: string): readonly string[] {
    let words = this.wordsByText.get(text);
    if (!words) {
      words = tokenizeLabel(text);
      this.wordsByText.set(text, words);
    }
    return words;
  }

  /** Whether any of the texts (labels, protocol names...) contains one of the words. */
  mentionsAny(texts: readonly (string | undefined)[], words: ReadonlySet<string>): boolean {
    return texts.some(
      (text) => text !== undefined && this.words(text).some((word) => words.has(word)),
    );
  }

  /** Whether the model says the control is in place on the element. */
  hasControl(element: Controlled, control: Control): boolean {
    return element.controls[control]?.value === true;
  }

  /** Whether the control is in place on any of the elements. */
  hasControlOnAny(elements: readonly (Controlled | undefined)[], control: Control): boolean {
    return elements.some((element) => element !== undefined && this.hasControl(element, control));
  }

  /** Whether the model says the control is known to be absent on any of the elements. */
  isControlAbsent(elements: readonly (Controlled | undefined)[], control: Control): boolean {
    return elements.some((element) => element?.controls[control]?.value === false);
  }

  technologyOf(component: Component): Technology | undefined {
    const id = component.technology?.value;
    return id === undefined ? undefined : findTechnologyById(id);
  }

  isHuman(component: Component): boolean {
    const kind = component.kind.value;
    return kind === 'user' || kind === 'admin-user' || component.type.value === 'actor';
  }

  isEdge(component: Component): boolean {
    return EDGE_KINDS.has(component.kind.value);
  }

  /**
   * An embedded or local store (SQLite, a local file system...): it lives in its caller's
   * process or on its disk and listens on no network, so no network caller can reach it.
   */
  isEmbedded(component: Component): boolean {
    return this.technologyOf(component)?.defaults.embedded === true;
  }

  /** Whether the flow travels over a network: a call into an embedded store does not. */
  crossesNetwork({ source, target }: Link): boolean {
    return !this.isEmbedded(source) && !this.isEmbedded(target);
  }

  /** An administrative console: its kind says so, or its technology ships one. */
  hasAdminInterface(component: Component): boolean {
    if (component.kind.value === 'admin-interface') return true;
    return this.technologyOf(component)?.defaults.adminInterface === true;
  }

  /** Components this one sends flows to. */
  callees(id: string): Component[] {
    let found = this.calleesOf.get(id);
    if (!found) {
      found = distinctEnds([[this.linksFrom(id), 'target']]);
      this.calleesOf.set(id, found);
    }
    return found;
  }

  /** Components that send flows to this one. */
  callers(id: string): Component[] {
    let found = this.callersOf.get(id);
    if (!found) {
      found = distinctEnds([[this.linksTo(id), 'source']]);
      this.callersOf.set(id, found);
    }
    return found;
  }

  /** Data stores the component reads or writes, in either direction of the flows. */
  datastoresOf(component: Component): Component[] {
    const cached = this.storesOf.get(component.id);
    if (cached) return cached;
    const stores = distinctEnds(
      [
        [this.linksFrom(component.id), 'target'],
        [this.linksTo(component.id), 'source'],
      ],
      (peer) => peer.type.value === 'datastore',
    );
    this.storesOf.set(component.id, stores);
    return stores;
  }

  /**
   * Whether the component is inside the system and takes requests from outside: flows from
   * outside reach it, or the model says it faces the internet though no caller is drawn.
   */
  isEntryPoint(component: Component): boolean {
    return this.entrySet().has(component);
  }

  /**
   * Internet exposure the input states (a LoadBalancer Service, a published port, a declared
   * `internetExposed`), as opposed to exposure inferred from flows drawn from outside. Only the
   * system's own processes and stores count: an actor or third party is no entry point of it.
   */
  isDeclaredInternetFacing(component: Component): boolean {
    const exposed = component.internetExposed;
    if (exposed?.value !== true || exposed.source === 'topology') return false;
    return this.isOperated(component);
  }

  /**
   * Where outside requests are first handled: entry points, with CDNs and load balancers,
   * which only pass traffic on, replaced by the processes right behind them.
   */
  frontDoors(): Component[] {
    const doors = this.entryPoints().flatMap((entry) =>
      PASS_THROUGH_KINDS.has(entry.kind.value)
        ? this.callees(entry.id).filter((next) => next.type.value === 'process')
        : [entry],
    );
    return [...new Set(doors)];
  }

  /**
   * Web requests from people or browsers that end at the component: the clients' own flows,
   * straight into it or into the edge components (of the relay kinds) that pass them on. Every
   * hop must carry HTTP (or an unnamed protocol); an LDAP or SSH session loads no pages.
   */
  clientFlowsInto(component: Component, relays: ReadonlySet<ComponentKind> = EDGE_KINDS): Flow[] {
    const found: Flow[] = [];
    const visited = new Set([component.id]);
    const frontier = [component.id];
    while (frontier.length > 0) {
      const id = frontier.pop()!;
      for (const { flow, source: caller } of this.linksTo(id)) {
        if (visited.has(caller.id) || !carriesWebRequests(flow)) continue;
        if (this.isHuman(caller) || caller.kind.value === 'browser') {
          found.push(flow);
        } else if (relays.has(caller.kind.value) && !this.isOutside(caller)) {
          visited.add(caller.id);
          frontier.push(caller.id);
        }
      }
    }
    return found;
  }

  /** Components inside the system that receive flows straight from outside, in model order. */
  entryPoints(): Component[] {
    if (!this.entries) {
      const entries = this.entrySet();
      this.entries = this.components.filter((component) => entries.has(component));
    }
    return this.entries;
  }

  /** People, browsers and third parties: the components `isOutside` holds for, in model order. */
  outsiders(): readonly Component[] {
    this.outside ??= this.components.filter((component) => this.isOutside(component));
    return this.outside;
  }

  /** The components `isDeclaredInternetFacing` holds for, in model order. */
  declaredInternetFacing(): readonly Component[] {
    this.declaredFacing ??= this.components.filter((c) => this.isDeclaredInternetFacing(c));
    return this.declaredFacing;
  }

  // Outsiders are few, so entry points are found from their flows rather than by asking every
  // component for its callers.
  private entrySet(): Set<Component> {
    if (!this.entrySetCache) {
      const entries = new Set(this.declaredInternetFacing());
      for (const outsider of this.outsiders()) {
        for (const { target } of this.linksFrom(outsider.id)) {
          if (!this.isOutside(target)) entries.add(target);
        }
      }
      this.entrySetCache = entries;
    }
    return this.entrySetCache;
  }

  /**
   * Components that traffic from outside reaches, following flows from every outsider. A
   * component for which `stopAt` holds is reached but passes nothing on: with a WAF as the
   * stop, the result is what the internet reaches without passing a WAF.
   */
  reachedFromOutside(stopAt: (component: Component) => boolean = () => false): Set<string> {
    const reached = new Set<string>();
    const frontier = this.outsiders().map((c) => c.id);
    // What faces the internet by declaration is reached even with no outside caller drawn.
    for (const component of this.declaredInternetFacing()) {
      reached.add(component.id);
      if (!stopAt(component)) frontier.push(component.id);
    }
    while (frontier.length > 0) {
      const id = frontier.pop()!;
      for (const { target } of this.linksFrom(id)) {
        if (this.isOutside(target) || reached.has(target.id)) continue;
        reached.add(target.id);
        if (!stopAt(target)) frontier.push(target.id);
      }
    }
    return reached;
  }

  /**
   * Components outside requests reach synchronously: like `reachedFromOutside`, but a broker or
   * queue ends the path, since what lies behind it receives messages, not requests.
   */
  isRequestReachable(component: Component): boolean {
    this.requestReachable ??= this.reachedFromOutside((c) => MESSAGING_KINDS.has(c.kind.value));
    return this.requestReachable.has(component.id);
  }

  /** A service the cloud provider runs (its technology names a cloud): not the system's own. */
  isManaged(component: Component): boolean {
    return this.technologyOf(component)?.cloud !== undefined;
  }

  /**
   * Whether people or client software call it, directly or through a CDN or load balancer. What
   * faces the internet by declaration counts: anyone there, people included, can call it.
   */
  servesClients(component: Component): boolean {
    if (this.isDeclaredInternetFacing(component)) return true;
    const isClient = (c: Component) => CLIENT_KINDS.has(c.kind.value) || c.type.value === 'actor';
    const direct = this.callers(component.id);
    const relayed = direct
      .filter((c) => PASS_THROUGH_KINDS.has(c.kind.value))
      .flatMap((c) => this.callers(c.id));
    return [...direct, ...relayed].some((caller) => this.isOutside(caller) && isClient(caller));
  }

  /** The components placed directly in the zone. */
  componentsInZone(zoneId: string): readonly Component[] {
    if (!this.byZone) {
      this.byZone = new Map();
      for (const component of this.components) {
        const zone = component.zone?.value;
        if (zone !== undefined) pushTo(this.byZone, zone, component);
      }
    }
    return this.byZone.get(zoneId) ?? [];
  }

  /** Whether input from outside can reach the component, directly or through other parts. */
  isReachableFromOutside(component: Component): boolean {
    this.reachable ??= this.reachedFromOutside();
    return this.reachable.has(component.id);
  }

  /**
   * A plain-text flow out of an edge component that itself receives encrypted traffic: TLS
   * ends at the edge and the request goes on in clear text.
   */
  endsTlsAtEdge({ flow, source: edge, target }: Link): boolean {
    if (!this.isEdge(edge) || this.isOutside(target)) return false;
    if (flow.encrypted?.value !== false) return false;
    return this.linksTo(edge.id).some((inbound) => inbound.flow.encrypted?.value === true);
  }

  /**
   * Flows from processes that handle outside input to stores of the given kinds, where none of
   * the controls is declared on the process or the flow: where injected queries would land.
   */
  untrustedQueryFlows(kinds: ReadonlySet<ComponentKind>, controls: readonly Control[]): Flow[] {
    const found: Flow[] = [];
    for (const { flow, source: caller, target: store } of this.links) {
      if (!kinds.has(store.kind.value)) continue;
      if (!APPLICATION_KINDS.has(caller.kind.value) || this.isEdge(caller)) continue;
      if (!this.isReachableFromOutside(caller)) continue;
      if (!controls.some((control) => this.hasControlOnAny([caller, flow], control))) {
        found.push(flow);
      }
    }
    return found;
  }

  /** Components the internet reaches without passing a WAF, gateway or reverse proxy. */
  unfilteredFromOutside(): Set<string> {
    this.unfiltered ??= this.reachedFromOutside(
      (c) => FILTERING_EDGE_KINDS.has(c.kind.value) || MESSAGING_KINDS.has(c.kind.value),
    );
    return this.unfiltered;
  }

  /** Whether the component sends events to a log or monitoring service, or says it logs them. */
  recordsSecurityEvents(component: Component): boolean {
    if (this.hasControl(component, 'security-logging')) return true;
    return this.callees(component.id).some((peer) => MONITORING_KINDS.has(peer.kind.value));
  }

  /** Whether the component builds language-model prompts: an LLM app, or a model API caller. */
  buildsPrompts(component: Component): boolean {
    if (this.isOutside(component) || component.type.value !== 'process') return false;
    if (component.kind.value === 'llm-api') return false;
    if (component.kind.value === 'llm-app') return true;
    return this.callees(component.id).some((peer) => peer.kind.value === 'llm-api');
  }

  /**
   * A web front end: an application process that people or browsers reach over HTTP. A web app
   * counts behind any edge; a generic service only when browsers reach it directly or through
   * a CDN or load balancer, since behind a gateway or WAF it is most likely an API. Edges only
   * relay the pages, and stores and directories serve none.
   */
  isWebFrontEnd(component: Component): boolean {
    return this.pageRequestsInto(component).length > 0;
  }

  /** The client flows that make the component a web front end; none when it is not one. */
  pageRequestsInto(component: Component): Flow[] {
    if (this.isOutside(component) || component.type.value !== 'process') return [];
    const kind = component.kind.value;
    if (!PAGE_SERVING_KINDS.has(kind) || !this.mayTakeClientRequests(component)) return [];
    return this.clientFlowsInto(component, kind === 'web-app' ? EDGE_KINDS : PASS_THROUGH_KINDS);
  }

  /**
   * A quick over-approximation of `clientFlowsInto` with the widest relays: whether any web
   * flow from a person or browser reaches the component, straight or through edge components.
   * It is computed once, forward from the clients, so most components skip the backward walk.
   */
  private mayTakeClientRequests(component: Component): boolean {
    if (!this.webClientReach) {
      const reached = new Set<Component>();
      const frontier: Component[] = [];
      const visit = ({ flow, target }: Link) => {
        if (reached.has(target) || !carriesWebRequests(flow)) return;
        reached.add(target);
        if (EDGE_KINDS.has(target.kind.value) && !this.isOutside(target)) frontier.push(target);
      };
      for (const client of this.components) {
        if (this.isHuman(client) || client.kind.value === 'browser') {
          for (const link of this.linksFrom(client.id)) visit(link);
        }
      }
      for (let relay = frontier.pop(); relay; relay = frontier.pop()) {
        for (const link of this.linksFrom(relay.id)) visit(link);
      }
      this.webClientReach = reached;
    }
    return this.webClientReach.has(component);
  }

  /** Producers of a broker or queue that sit outside or at the edge. */
  untrustedProducers(broker: Component): Component[] {
    return this.callers(broker.id).filter((producer) => {
      const trust = this.trustOf(producer);
      return trust === 'untrusted' || trust === 'dmz';
    });
  }

  /** Processes a broker or queue delivers to. */
  consumersOf(broker: Component): Component[] {
    return this.callees(broker.id).filter((consumer) => consumer.type.value === 'process');
  }

  /** User or tenant data the component holds or, through its stores, works on. */
  userDataHandledBy(component: Component): string[] {
    return this.sensitiveDataHandledBy(component).filter((id) => USER_DATA_CLASSES.has(id));
  }

  // Built on first use: most rules read links instead.
  private flowsById?: Map<string, Flow>;
  private carriers?: Map<string, readonly string[]>;
  private outside?: Component[];
  private declaredFacing?: Component[];
  private entrySetCache?: Set<Component>;
  private webClientReach?: Set<Component>;
  private reachable?: Set<string>;
  private unfiltered?: Set<string>;
  private requestReachable?: Set<string>;
  private byZone?: Map<string, Component[]>;
}

/** Evidence for one fact of an element; `value` shows 'undeclared' when the fact is missing. */
export function evidenceOf<T>(
  element: string,
  attribute: string,
  fact: Fact<T> | undefined,
): Evidence {
  if (!fact) return { element, attribute, value: 'undeclared', source: 'assumed' };
  return { element, attribute, value: fact.value, source: fact.source, reason: fact.reason };
}

/** A reason quoted inside a sentence: no trailing full stop. */
export function asClause(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

/** A name list for sentences: "A, B and C". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  // A sentence naming thousands of elements helps nobody: the affected list and the evidence
  // carry them all.
  if (names.length > MAX_NAMES_IN_SENTENCE) {
    const hidden = names.length - MAX_NAMES_IN_SENTENCE;
    return `${names.slice(0, MAX_NAMES_IN_SENTENCE).join(', ')} and ${hidden} more`;
  }
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const MAX_NAMES_IN_SENTENCE = 12;

/** `listNames` of described items, describing only those the sentence shows. */
export function listDescribed<T>(items: readonly T[], describe: (item: T) => string): string {
  const shown = items.length > MAX_NAMES_IN_SENTENCE ? MAX_NAMES_IN_SENTENCE : items.length;
  const names = items.slice(0, shown).map(describe);
  if (shown === items.length) return listNames(names);
  return `${names.join(', ')} and ${items.length - shown} more`;
}

/** Whether the flow can carry browser requests: HTTP(S), or a protocol nobody named. */
function carriesWebRequests(flow: Flow): boolean {
  const protocol = flow.protocol?.value;
  return protocol === undefined || protocol === 'unknown' || WEB_PROTOCOLS.has(protocol);
}

/** The shared answer for "no data": most components handle nothing sensitive. */
const NOTHING: readonly string[] = [];

/**
 * The components at the given ends of the links that pass `keep`, each once, in first-seen order.
 * Most components have a handful of neighbours, so a list check beats allocating a set; a
 * hub switches to one.
 */
function distinctEnds(
  groups: readonly (readonly [readonly Link[], 'source' | 'target'])[],
  keep?: (component: Component) => boolean,
): Component[] {
  const found: Component[] = [];
  let seen: Set<Component> | undefined;
  for (const [links, end] of groups) {
    for (const link of links) {
      const component = link[end];
      if (keep && !keep(component)) continue;
      if (seen ? seen.has(component) : found.includes(component)) continue;
      found.push(component);
      if (seen) seen.add(component);
      else if (found.length > SMALL_LIST) seen = new Set(found);
    }
  }
  return found;
}

const SMALL_LIST = 16;

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
