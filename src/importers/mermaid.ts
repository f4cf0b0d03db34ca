/**
 * Reads Mermaid flowcharts. Hand-written because the mermaid package needs a DOM. Where the
 * syntax is ambiguous it follows Mermaid's own lexer (flow.jison), so a diagram means here what
 * it means when Mermaid draws it. One forward pass over the text and Map lookups keep it linear:
 * a 100,000-node diagram reads in a fraction of a second.
 *
 * TODO(mermaid-front-matter): the front matter's title is read line by line, not as YAML, so a
 * multi-line title keeps only its first line; no diagram we have seen uses one.
 * TODO(mermaid-labels): HTML tags other than <br> stay in labels, and the undocumented
 * `A[|borders:lt|text]` form keeps its border spec in the label.
 * TODO(mermaid-edge-styling): an `e1@{ ... }` edge-styling line written before its edge is read
 * as a node definition.
 */
import { inputError, type Problem } from '../model/problems.js';
import type { Component, Flow, SourcePosition, ThreatModel, Zone } from '../model/types.js';
import type { ImportOptions, ImportResult, Importer } from './importer.js';

const FLOWCHART_KEYWORDS = new Set(['graph', 'flowchart', 'flowchart-elk']);

/** Headers of the other Mermaid diagram types, known only to refuse them with a clear error. */
const OTHER_DIAGRAM_KEYWORDS = new Set([
  'sequenceDiagram',
  'classDiagram',
  'classDiagram-v2',
  'stateDiagram',
  'stateDiagram-v2',
  'erDiagram',
  'gantt',
  'pie',
  'journey',
  'gitGraph',
  'mindmap',
  'timeline',
  'quadrantChart',
  'requirementDiagram',
  'C4Context',
  'C4Container',
  'C4Component',
  'C4Dynamic',
  'C4Deployment',
  'sankey-beta',
  'xychart-beta',
  'block-beta',
  'packet-beta',
  'architecture-beta',
  'kanban',
  'radar-beta',
  'treemap-beta',
  'zenuml',
]);

const DIRECTIONS = new Set(['TB', 'TD', 'BT', 'RL', 'LR']);
/** Mermaid also takes arrow-like directions after the header (not inside subgraphs). */
const HEADER_DIRECTIONS = new Set([...DIRECTIONS, '<', '>', '^', 'v']);
const STYLING_KEYWORDS = new Set(['classDef', 'class', 'style', 'linkStyle', 'click']);

interface ShapeSyntax {
  open: string;
  /** Closing tokens and the shape each gives: trapezoids and parallelograms share openers. */
  closers: ReadonlyArray<readonly [string, string]>;
}

/** Longest openers first, so `(((` is not read as `(` followed by a label `((`. */
const SHAPE_SYNTAXES: readonly ShapeSyntax[] = [
  { open: '(((', closers: [[')))', 'double-circle']] },
  { open: '((', closers: [['))', 'circle']] },
  { open: '([', closers: [['])', 'stadium']] },
  { open: '(', closers: [[')', 'rounded']] },
  { open: '[[', closers: [[']]', 'subroutine']] },
  { open: '[(', closers: [[')]', 'cylinder']] },
  {
    open: '[/',
    closers: [
      ['/]', 'parallelogram'],
      ['\\]', 'trapezoid'],
    ],
  },
  {
    open: '[\\',
    closers: [
      ['\\]', 'parallelogram-alt'],
      ['/]', 'trapezoid-alt'],
    ],
  },
  { open: '[', closers: [[']', 'rect']] },
  { open: '{{', closers: [['}}', 'hexagon']] },
  { open: '{', closers: [['}', 'rhombus']] },
  { open: '>', closers: [[']', 'asymmetric']] },
];

/** Every closer above starts with one of these, so other label characters skip the lookup. */
const CLOSER_STARTS = ')]}/\\';

/**
 * Names the `@{ shape: ... }` syntax accepts, mapped onto the shapes of the bracket syntax. The
 * lined and horizontal cylinders (disk, direct-access storage) count as cylinders: they draw
 * storage, which is what a cylinder tells inference. Other Mermaid shapes keep their own name.
 */
const SHAPE_NAMES: Readonly<Record<string, readonly string[]>> = {
  'rect': ['rect', 'rectangle', 'proc', 'process', 'squarerect'],
  'rounded': ['rounded', 'event', 'roundedrect'],
  'stadium': ['stadium', 'pill', 'terminal'],
  'circle': ['circle', 'circ'],
  'double-circle': ['dbl-circ', 'double-circle', 'doublecircle'],
  'cylinder': [
    'cyl',
    'cylinder',
    'db',
    'database',
    'lin-cyl',
    'lined-cylinder',
    'disk',
    'h-cyl',
    'horizontal-cylinder',
    'das',
  ],
  'subroutine': ['fr-rect', 'framed-rectangle', 'subprocess', 'subproc', 'subroutine'],
  'rhombus': ['diam', 'diamond', 'decision', 'question', 'rhombus'],
  'hexagon': ['hex', 'hexagon', 'prepare'],
  'parallelogram': ['lean-r', 'lean-right', 'lean_right', 'in-out', 'parallelogram'],
  'parallelogram-alt': ['lean-l', 'lean-left', 'lean_left', 'out-in', 'parallelogram-alt'],
  'trapezoid': ['trap-b', 'trapezoid-bottom', 'priority', 'trapezoid'],
  'trapezoid-alt': ['trap-t', 'trapezoid-top', 'manual', 'inv-trapezoid', 'inv_trapezoid'],
  'asymmetric': ['odd', 'rect_left_inv_arrow', 'asymmetric'],
};

const SHAPE_ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries(SHAPE_NAMES).flatMap(([shape, names]) =>
    names.map((name) => [name, shape] as const),
  ),
);

/** An arrowhead that opens a link needs this head at the other end (`<-->`, `o--o`, `x--x`). */
const MATCHING_END_HEAD: ReadonlyMap<string, string> = new Map([
  ['<', '>'],
  ['o', 'o'],
  ['x', 'x'],
]);

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['quot', '"'],
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['apos', "'"],
  ['nbsp', ' '],
  ['hellip', '…'],
  ['ndash', '–'],
  ['mdash', '—'],
]);

const BR_TAG = /<br\s*\/?>/gi;
/** HTML entities (`&amp;`, `&#35;`, `&#x23;`) and Mermaid's own form (`#quot;`, `#35;`). */
const ENTITY = /&#(\d+);|&#x([0-9a-f]+);|#(\d+);|[&#]([a-z][a-z0-9]*);/gi;
/** `*`/`_` runs that open or close emphasis; inner ones (`snake_case`, `2*3`) are text. */
const MARKDOWN_EMPHASIS = /(?<![\p{L}\p{N}])[*_]+(?=\S)|(?<=\S)[*_]+(?![\p{L}\p{N}])/gu;
const WHITESPACE_RUN = /\s+/g;
const NEEDS_CLEANING = /[<&#]|[^\S ]| {2}/;
const NOT_SLUG_CHARS = /[^\p{L}\p{N}]+/gu;

/** The bracket shapes the fast path reads, by opener: the closer each needs and its shape. */
const SIMPLE_SHAPES: ReadonlyMap<string, readonly [string, string]> = new Map(
  SHAPE_SYNTAXES.filter((syntax) => /^[[({]{1,2}$/.test(syntax.open)).map((syntax) => [
    syntax.open,
    syntax.closers[0]!,
  ]),
);

/**
 * The statements big diagrams are mostly made of, read by a fast path (`readSimpleStatement`):
 * `a`, `a[Label]`, `a --> b` or `a[(A)] -->|label| b((B))`. A node is a plain ID, then maybe
 * one of SIMPLE_SHAPES with a label that holds no bracket, slash or quote, so that its opener
 * and closer cannot be read two ways (groups: ID, shape)...
 */
const SIMPLE_NODE = String.raw`([A-Za-z0-9_]+)(${[...SIMPLE_SHAPES]
  .map(
    ([open, [close]]) => String.raw`${escapeRegExp(open)}[^\n"()[\]{}/\\]*${escapeRegExp(close)}`,
  )
  .join('|')})?`;
/** ...`-->` with maybe a `|label|` that holds no quote (groups: the arrow, its label)... */
const SIMPLE_ARROW = String.raw`([ \t\r]*-->(?:[ \t\r]*\|[ \t\r]*([^\n"|]*)\|)?[ \t\r]*)`;
/** ...and one more node, up to the end of the statement. */
const SIMPLE_STATEMENT = new RegExp(
  String.raw`${SIMPLE_NODE}(?:${SIMPLE_ARROW}${SIMPLE_NODE})?[ \t\r]*(?=[\n;]|%%|$)`,
  'y',
);

/** 2^15: two node indexes below it combine into an integer V8 keeps unboxed (a Smi). */
const SMALL_PAIR_KEY_BASE = 2 ** 15;
/** 2^26: two node indexes below it combine into one exact safe integer. */
const PAIR_KEY_BASE = 2 ** 26;

const ZONE_TRUST = {
  value: 'internal',
  source: 'assumed',
  reason: 'no trust level in the diagram',
} as const;

/** ASCII characters that may appear anywhere in a node ID; `-` and `.` are decided in context. */
const ASCII_ID_CHARS = buildAsciiIdTable("_!$?'*+/\\");

function buildAsciiIdTable(punctuation: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    const char = String.fromCharCode(code);
    if (/[A-Za-z0-9]/.test(char) || punctuation.includes(char)) table[code] = 1;
  }
  return table;
}

function isUnicodeSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Whether `text[i]` continues a node ID; like Mermaid, `a-b` is one node and `a-->b` a link. */
function isIdCharAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 128) return !isUnicodeSpace(code);
  if (ASCII_ID_CHARS[code] === 1) return true;
  const next = text[i + 1];
  if (code === 45) return next !== '-' && next !== '>' && next !== '.';
  if (code === 46) return next !== '-';
  return false;
}

function scanIdEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isIdCharAt(text, end)) end++;
  return end;
}

function isPlainId(text: string): boolean {
  return text.length > 0 && scanIdEnd(text, 0) === text.length;
}

function isInlineSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r';
}

/** Turns the text Mermaid would draw into plain words: no tags, entities or line breaks. */
function cleanLabel(raw: string, markdown = false): string {
  const trimmed = raw.trim();
  // Most labels are plain words; one test spares them four replacements (big diagrams).
  if (!markdown && !NEEDS_CLEANING.test(trimmed)) return trimmed;
  const text = markdown ? raw.replace(MARKDOWN_EMPHASIS, '') : raw;
  return text
    .replace(BR_TAG, ' ')
    .replace(ENTITY, decodeEntity)
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

function decodeEntity(
  match: string,
  decimal: string | undefined,
  hex: string | undefined,
  mermaidDecimal: string | undefined,
  name: string | undefined,
): string {
  if (name !== undefined) return NAMED_ENTITIES.get(name.toLowerCase()) ?? match;
  const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal ?? mermaidDecimal);
  return code <= 0x10ffff ? String.fromCodePoint(code) : match;
}

/** Cleans a label; an empty one is no label, so the node keeps its ID as name. */
function labelOrUndefined(raw: string, markdown = false): string | undefined {
  const label = cleanLabel(raw, markdown);
  return label === '' ? undefined : label;
}

function normalizeShapeName(name: string): string {
  const trimmed = name.trim();
  return SHAPE_ALIASES.get(trimmed.toLowerCase()) ?? trimmed;
}

function slugify(title: string): string {
  const slug = title.toLowerCase().replace(NOT_SLUG_CHARS, '-').replace(/^-|-$/g, '');
  return slug === '' ? 'subgraph' : slug;
}

/** Reads a front-matter scalar: quoted YAML strings lose their quotes, plain ones a comment. */
function readYamlScalar(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return String(JSON.parse(value));
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("''", "'");
  }
  const comment = value.search(/\s#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}

interface QuotedText {
  text: string;
  markdown: boolean;
}

/** A node drawn with a shape; `offset` is where its ID starts. */
interface NodeDefinition {
  label?: string;
  shape: string;
  offset: number;
}

interface LinkBody {
  endHead?: string;
  label?: string;
  invisible: boolean;
}

interface LinkToken {
  position: SourcePosition;
  label?: string;
  bidirectional: boolean;
  invisible: boolean;
}

interface NodeRecord {
  id: string;
  /** Order of first appearance, which also keys flows by their two ends without strings. */
  index: number;
  firstOffset: number;
  definedOffset?: number;
  name?: string;
  shape?: string;
  /**
   * Mermaid's rule (flowDb.addSubGraph): a subgraph is registered when its `end` is read, and
   * it drops members that an already registered subgraph lists. So of all the subgraphs whose
   * bodies mention a node, the first to close keeps it: the innermost when they nest, the
   * earliest when they are siblings. Top-level mentions do not count.
   */
  subgraph?: SubgraphRecord;
}

interface SubgraphRecord {
  /** The ID written in the diagram, or the title when it is a single word (Mermaid's rule). */
  declaredId?: string;
  title: string;
  offset: number;
  parent?: SubgraphRecord;
  /** Set at its `end`: from then on it keeps the nodes it holds (see `NodeRecord.subgraph`). */
  closed: boolean;
}

/** Turns text offsets into positions and problems; the builder reports through it. */
interface Locator {
  position(offset: number): SourcePosition;
  problemAt(position: SourcePosition, code: string, message: string): Omit<Problem, 'severity'>;
}

/** Collects what the parser reads and turns it into the model once the whole text is read. */
class FlowchartBuilder {
  readonly edgeIds = new Set<string>();
  private readonly nodes = new Map<string, NodeRecord>();
  private readonly subgraphs: SubgraphRecord[] = [];
  private readonly subgraphsById = new Map<string, SubgraphRecord>();
  private readonly openSubgraphs: SubgraphRecord[] = [];
  /** Flows are built as links are read; those that reach a subgraph are dropped at the end. */
  private readonly flows: Flow[] = [];
  /** How often each (from, to) pair was linked; see `countPair` for the keys. */
  private readonly smallPairCounts = new Map<number, number>();
  private readonly pairCounts = new Map<number | string, number>();

  constructor(private readonly locator: Locator) {}

  noteNode(id: string, offset: number, definition?: NodeDefinition): NodeRecord {
    let node = this.nodes.get(id);
    if (!node) {
      node = { id, index: this.nodes.size, firstOffset: offset };
      this.nodes.set(id, node);
    }
    // An open subgraph the node is in encloses the innermost open one, which closes first.
    const open = this.innermostOpenSubgraph();
    if (open && !node.subgraph?.closed) node.subgraph = open;
    if (definition) applyDefinition(node, definition);
    return node;
  }

  /** Returns the subgraph already declared with this ID, if any. */
  openSubgraph(subgraph: Omit<SubgraphRecord, 'parent' | 'closed'>): SubgraphRecord | undefined {
    const { declaredId } = subgraph;
    const existing = declaredId === undefined ? undefined : this.subgraphsById.get(declaredId);
    if (existing) return existing;
    const record = { ...subgraph, parent: this.innermostOpenSubgraph(), closed: false };
    this.subgraphs.push(record);
    if (declaredId !== undefined) this.subgraphsById.set(declaredId, record);
    this.openSubgraphs.push(record);
    return undefined;
  }

  closeSubgraph(): boolean {
    const subgraph = this.openSubgraphs.pop();
    if (subgraph) subgraph.closed = true;
    return subgraph !== undefined;
  }

  innermostOpenSubgraph(): SubgraphRecord | undefined {
    // Reading index -1 of an empty array is a slow named lookup in V8: check the length first.
    const open = this.openSubgraphs;
    return open.length === 0 ? undefined : open[open.length - 1];
  }

  addLinks(sources: NodeRecord[], targets: NodeRecord[], link: LinkToken): void {
    // `~~~` only spaces nodes out when Mermaid lays them out: it carries no data, so no flow.
    if (link.invisible) return;
    for (const from of sources) {
      for (const to of targets) this.addLink(from, to, link);
    }
  }

  /** The fast path links single nodes: calling this spares it two one-node groups a link. */
  addLink(from: NodeRecord, to: NodeRecord, link: LinkToken): void {
    this.flows.push(this.toFlow(from, to, link));
  }

  /** IDs read `from->to`, then `from->to#2`... when the same two nodes are linked again. */
  private flowId(from: NodeRecord, to: NodeRecord): string {
    const id = `${from.id}->${to.id}`;
    const count = this.countPair(from.index, to.index, id);
    return count === 1 ? id : `${id}#${count}`;
  }

  /**
   * Counts one more link between two nodes. A number keys the pair far faster than the string
   * on huge diagrams: below 2^15 both indexes make a small integer, which V8 stores without a
   * heap number per key (profiled); below 2^26 an exact double; past that the string takes
   * over. A pair always falls in the same tier, and the tiers keep separate maps.
   */
  private countPair(fromIndex: number, toIndex: number, id: string): number {
    let counts: Map<number | string, number> = this.pairCounts;
    let pair: number | string = id;
    if (fromIndex < SMALL_PAIR_KEY_BASE && toIndex < SMALL_PAIR_KEY_BASE) {
      counts = this.smallPairCounts;
      pair = fromIndex * SMALL_PAIR_KEY_BASE + toIndex;
    } else if (fromIndex < PAIR_KEY_BASE && toIndex < PAIR_KEY_BASE) {
      pair = fromIndex * PAIR_KEY_BASE + toIndex;
    }
    const count = (counts.get(pair) ?? 0) + 1;
    counts.set(pair, count);
    return count;
  }

  build(title: string | undefined): ImportResult {
    const zoneIds = this.assignZoneIds();
    const warnings: Problem[] = [];
    const model: ThreatModel = {
      zones: this.subgraphs.map((subgraph) => this.toZone(subgraph, zoneIds)),
      components: this.buildComponents(zoneIds),
      flows: this.keepFlowsBetweenNodes(warnings),
      dataClasses: [],
    };
    return { model: title === undefined ? model : { title, ...model }, warnings };
  }

  /**
   * Subgraphs without a usable ID get a slug of their title, unique among every node and
   * subgraph ID so that no later check sees two elements with one ID.
   */
  private assignZoneIds(): Map<SubgraphRecord, string> {
    const slugs = new Set<string>();
    const nextSuffix = new Map<string, number>();
    const isTaken = (id: string) =>
      this.nodes.has(id) || this.subgraphsById.has(id) || slugs.has(id);
    const ids = new Map<SubgraphRecord, string>();
    for (const subgraph of this.subgraphs) {
      let id = subgraph.declaredId;
      if (id === undefined) {
        id = uniqueId(slugify(subgraph.title), isTaken, nextSuffix);
        slugs.add(id);
      }
      ids.set(subgraph, id);
    }
    return ids;
  }

  private toZone(subgraph: SubgraphRecord, zoneIds: Map<SubgraphRecord, string>): Zone {
    const id = zoneIds.get(subgraph) as string;
    const zone: Zone = {
      id,
      name: subgraph.title === '' ? id : subgraph.title,
      trust: { ...ZONE_TRUST },
      position: this.locator.position(subgraph.offset),
    };
    if (subgraph.parent) zone.parent = zoneIds.get(subgraph.parent);
    return zone;
  }

  /** A name that is also a subgraph ID is that subgraph (Mermaid links to it), not a node. */
  private buildComponents(zoneIds: Map<SubgraphRecord, string>): Component[] {
    const components: Component[] = [];
    for (const node of this.nodes.values()) {
      const subgraph = this.subgraphsById.get(node.id);
      if (subgraph && node.definedOffset !== undefined) {
        this.throwNodeIsSubgraph(node.id, node.definedOffset, subgraph);
      }
      if (!subgraph) components.push(this.toComponent(node, zoneIds));
    }
    return components;
  }

  private throwNodeIsSubgraph(id: string, offset: number, subgraph: SubgraphRecord): never {
    const { line } = this.locator.position(subgraph.offset);
    const message =
      `'${id}' names both a node and the subgraph on line ${line}; ` +
      'give the node or the subgraph another ID';
    const position = this.locator.position(offset);
    throw inputError(this.locator.problemAt(position, 'duplicate-id', message));
  }

  private toComponent(node: NodeRecord, zoneIds: Map<SubgraphRecord, string>): Component {
    // A node written without a shape is drawn as a rectangle.
    const shape = node.shape ?? 'rect';
    const cylinder = shape === 'cylinder';
    const zoneId = node.subgraph && zoneIds.get(node.subgraph);
    const id = node.id;
    const name = node.name ?? node.id;
    const type: Component['type'] = cylinder
      ? { value: 'datastore', source: 'label', reason: 'drawn as a cylinder' }
      : { value: 'process', source: 'assumed', reason: 'no type in the diagram' };
    const position = this.locator.position(node.definedOffset ?? node.firstOffset);
    // Two literals instead of spreading an optional zone, as in `toFlow` (profiled).
    if (zoneId === undefined) {
      return {
        id,
        name,
        type,
        kind: { value: 'unknown', source: 'assumed' },
        data: { value: [], source: 'assumed' },
        controls: {},
        shape,
        position,
      };
    }
    return {
      id,
      name,
      type,
      kind: { value: 'unknown', source: 'assumed' },
      zone: { value: zoneId, source: 'declared' },
      data: { value: [], source: 'assumed' },
      controls: {},
      shape,
      position,
    };
  }

  /** Links to a subgraph ID draw an arrow to a box, not a flow between components. */
  private keepFlowsBetweenNodes(warnings: Problem[]): Flow[] {
    // A link can end at a subgraph only through a node record with its ID: when no subgraph ID
    // has one, as in most diagrams, no flow needs a look.
    const linked = [...this.subgraphsById.keys()].some((id) => this.nodes.has(id));
    if (!linked) return this.flows;
    return this.flows.filter((flow) => {
      const subgraphEnd = this.subgraphsById.has(flow.from) ? flow.from : flow.to;
      if (!this.subgraphsById.has(subgraphEnd)) return true;
      warnings.push(this.subgraphEdgeWarning(flow, subgraphEnd));
      return false;
    });
  }

  private subgraphEdgeWarning(flow: Flow, subgraphId: string): Problem {
    const message =
      `link from '${flow.from}' to '${flow.to}' skipped: '${subgraphId}' is a subgraph, ` +
      'and flows run between nodes; link the nodes inside it instead';
    const position = flow.position as SourcePosition;
    return { severity: 'warning', ...this.locator.problemAt(position, 'subgraph-edge', message) };
  }

  private toFlow(from: NodeRecord, to: NodeRecord, link: LinkToken): Flow {
    const id = this.flowId(from, to);
    const { label, position } = link;
    // Open links (`---`, `-.-`) have no arrowhead, hence no direction: Strider reads them as
    // flowing left to right, as written, rather than inventing a second, reverse flow.
    const bidirectional = link.bidirectional;
    // Two literals instead of spreading an optional label: V8 builds a literal that holds a
    // spread one property at a time, several times slower on big diagrams (profiled).
    if (label === undefined) {
      return {
        id,
        from: from.id,
        to: to.id,
        data: { value: [], source: 'assumed' },
        bidirectional,
        controls: {},
        position: { line: position.line, column: position.column },
      };
    }
    return {
      id,
      from: from.id,
      to: to.id,
      label,
      data: { value: [], source: 'assumed' },
      bidirectional,
      controls: {},
      position: { line: position.line, column: position.column },
    };
  }
}

/**
 * Like Mermaid, each definition redraws the node: the last shape and the last label win, and a
 * definition without a label (`a@{ shape: cyl }`) keeps the name. The position stays at the
 * first definition, so problems and SARIF results point where the node was first drawn.
 */
function applyDefinition(node: NodeRecord, definition: NodeDefinition): void {
  node.definedOffset ??= definition.offset;
  node.shape = definition.shape;
  if (definition.label !== undefined) node.name = definition.label;
}

function uniqueId(
  base: string,
  isTaken: (id: string) => boolean,
  nextSuffix: Map<string, number>,
): string {
  let suffix = nextSuffix.get(base) ?? 1;
  let id = suffix === 1 ? base : `${base}-${suffix}`;
  while (isTaken(id)) {
    suffix++;
    id = `${base}-${suffix}`;
  }
  nextSuffix.set(base, suffix + 1);
  return id;
}

/**
 * A recursive-descent reader over the whole text. `pos` moves forward; it backs up only within
 * the token being tried (a link that turns out not to be one), so reading stays linear.
 */
class FlowchartParser implements Locator {
  private pos = 0;
  private lineStarts?: number[];
  private readonly builder = new FlowchartBuilder(this);

  constructor(
    private readonly text: string,
    private readonly file?: string,
    /** Off only in tests, which check that the fast path reads as the full reader does. */
    private readonly fastPath = true,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parse(): ImportResult {
    const { title, header } = this.readPreamble();
    if (header === undefined) return this.builder.build(title);
    this.parseHeader(header.word, header.offset);
    while (this.skipTrivia()) this.parseStatement();
    this.checkSubgraphsClosed();
    return this.builder.build(title);
  }

  /** The front matter's title and the diagram type: the first word after comments. */
  readPreamble(): { title?: string; header?: { word: string; offset: number } } {
    const title = this.readFrontMatter();
    return { title, header: this.readDiagramKeyword() };
  }

  private readDiagramKeyword(): { word: string; offset: number } | undefined {
    if (!this.skipTrivia()) return undefined;
    const offset = this.pos;
    let end = offset;
    while (end < this.text.length && /[A-Za-z0-9-]/.test(this.text[end] as string)) end++;
    return { word: this.text.slice(offset, end), offset };
  }

  position(offset: number): SourcePosition {
    const starts = (this.lineStarts ??= this.computeLineStarts());
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }

  problemAt(position: SourcePosition, code: string, message: string): Omit<Problem, 'severity'> {
    const where = this.file === undefined ? {} : { file: this.file };
    return { code, message, ...where, ...position };
  }

  private computeLineStarts(): number[] {
    // A byte-order mark is invisible in editors, so columns on line 1 start after it.
    const starts = [this.text.charCodeAt(0) === 0xfeff ? 1 : 0];
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
    }
    return starts;
  }

  private fail(offset: number, message: string, code = 'mermaid-syntax'): never {
    throw inputError(this.problemAt(this.position(offset), code, message));
  }

  /** Fails with "expected <what>, found <the token at offset>". */
  private failExpected(offset: number, expected: string): never {
    this.fail(offset, `expected ${expected}, found ${this.describe(offset)}`);
  }

  private char(offset = this.pos): string | undefined {
    return this.text[offset];
  }

  /** Names what sits at `offset` for an error message: a short quoted token or the line end. */
  private describe(offset: number): string {
    const char = this.char(offset);
    if (char === undefined) return 'the end of the input';
    if (char === '\n' || char === '\r') return 'the end of the line';
    if (isInlineSpace(char)) return 'a space';
    let end = offset + 1;
    while (end < this.text.length && end - offset < 20 && !/\s/.test(this.text[end] as string)) {
      end++;
    }
    return `'${this.text.slice(offset, end)}'`;
  }

  private skipSpaces(): void {
    while (isInlineSpace(this.char())) this.pos++;
  }

  private atStatementEnd(): boolean {
    const char = this.char();
    return (
      char === undefined ||
      char === '\n' ||
      char === ';' ||
      (char === '%' && this.char(this.pos + 1) === '%')
    );
  }

  private expectStatementEnd(context: string): void {
    this.skipSpaces();
    if (!this.atStatementEnd()) {
      this.failExpected(this.pos, `the end of the statement ${context}`);
    }
  }

  private countRun(char: string): number {
    const start = this.pos;
    while (this.char() === char) this.pos++;
    return this.pos - start;
  }

  private skipToLineEnd(): void {
    const newline = this.text.indexOf('\n', this.pos);
    this.pos = newline === -1 ? this.text.length : newline;
  }

  /** Skips blank space, `;`, comments and `%%{...}%%` directives; false at the end of the text. */
  private skipTrivia(): boolean {
    for (;;) {
      const char = this.char();
      if (char === undefined) return false;
      if (char === '%' && this.char(this.pos + 1) === '%') this.skipCommentOrDirective();
      else if (char === ';' || char === '\n' || isInlineSpace(char)) this.pos++;
      else if (isUnicodeSpace(char.charCodeAt(0))) this.pos++;
      else return true;
    }
  }

  private skipCommentOrDirective(): void {
    if (this.char(this.pos + 2) !== '{') return this.skipToLineEnd();
    const close = this.text.indexOf('}%%', this.pos + 3);
    if (close === -1) this.fail(this.pos, "unclosed directive '%%{': expected '}%%' to end it");
    this.pos = close + 3;
  }

  /** Front matter (`---` lines around YAML) may only open the text; Strider reads its title. */
  private readFrontMatter(): string | undefined {
    const fenceStart = this.skipBlankLines();
    const fenceEnd = this.lineEnd(fenceStart);
    if (this.text.slice(fenceStart, fenceEnd).trimEnd() !== '---') return undefined;
    let title: string | undefined;
    for (let start = fenceEnd + 1; start < this.text.length;) {
      const end = this.lineEnd(start);
      const line = this.text.slice(start, end);
      if (line.trimEnd() === '---') {
        this.pos = end;
        return title;
      }
      if (title === undefined && line.startsWith('title:')) {
        title = readYamlScalar(line.slice('title:'.length)) || undefined;
      }
      start = end + 1;
    }
    this.fail(fenceStart, "unclosed front matter: expected a line '---' to end it");
  }

  private skipBlankLines(): number {
    let lineStart = this.pos;
    for (let i = this.pos; i < this.text.length; i++) {
      const char = this.text[i];
      if (char === '\n') lineStart = i + 1;
      else if (!isInlineSpace(char)) break;
    }
    return lineStart;
  }

  private lineEnd(start: number): number {
    const newline = this.text.indexOf('\n', start);
    return newline === -1 ? this.text.length : newline;
  }

  private parseHeader(word: string, offset: number): void {
    if (!FLOWCHART_KEYWORDS.has(word)) this.refuseDiagramType(word, offset);
    this.pos = offset + word.length;
    this.skipSpaces();
    if (this.atStatementEnd()) return;
    const directionOffset = this.pos;
    while (!isInlineSpace(this.char()) && !this.atStatementEnd()) this.pos++;
    const direction = this.text.slice(directionOffset, this.pos);
    if (!HEADER_DIRECTIONS.has(direction)) {
      this.failExpected(directionOffset, `a direction (TB, TD, BT, RL or LR) after '${word}'`);
    }
    this.expectStatementEnd(`after '${word} ${direction}'`);
  }

  private refuseDiagramType(word: string, offset: number): never {
    if (OTHER_DIAGRAM_KEYWORDS.has(word)) {
      const message =
        `unsupported Mermaid diagram type '${word}': ` +
        "Strider reads flowcharts ('graph' or 'flowchart')";
      this.fail(offset, message, 'unsupported-diagram');
    }
    this.failExpected(offset, "a diagram type ('flowchart' or 'graph') to start the diagram");
  }

  private parseStatement(): void {
    const start = this.pos;
    const word = this.text.slice(start, scanIdEnd(this.text, start));
    const after = start + word.length;
    if (word === 'subgraph') return this.parseSubgraph(start);
    if (word === 'end') return this.parseEnd(start);
    if (STYLING_KEYWORDS.has(word) && this.startsStylingStatement(after)) {
      return this.skipStylingStatement();
    }
    if (word === 'direction' && this.startsDirectionStatement(after)) {
      return this.parseDirection(after);
    }
    if ((word === 'accTitle' || word === 'accDescr') && this.parseAccessibility(word, start)) {
      return;
    }
    if (this.text.startsWith('@{', after) && this.builder.edgeIds.has(word)) {
      return this.parseEdgeProperties(after);
    }
    this.parseVertexStatement();
  }

  /** `style`, `class`... start styling only when a name follows, not a link (`class --> b`). */
  private startsStylingStatement(offset: number): boolean {
    if (!isInlineSpace(this.char(offset))) return false;
    let next = offset;
    while (isInlineSpace(this.char(next))) next++;
    const char = this.char(next);
    return char !== undefined && !'\n;-=.~<&'.includes(char);
  }

  /** Styling changes how the diagram looks, never what it models, so it is read and dropped. */
  private skipStylingStatement(): void {
    while (!this.atStatementEnd()) {
      if (this.char() === '"') this.readQuotedText();
      else this.pos++;
    }
  }

  private startsDirectionStatement(offset: number): boolean {
    if (!isInlineSpace(this.char(offset))) return false;
    let next = offset;
    while (isInlineSpace(this.char(next))) next++;
    return /[A-Za-z]/.test(this.char(next) ?? '');
  }

  /** Layout only: a subgraph's own direction does not change what flows where. */
  private parseDirection(offset: number): void {
    this.pos = offset;
    this.skipSpaces();
    const wordOffset = this.pos;
    while (/[A-Za-z]/.test(this.char() ?? '')) this.pos++;
    const direction = this.text.slice(wordOffset, this.pos);
    if (!DIRECTIONS.has(direction)) {
      this.failExpected(wordOffset, "a direction (TB, TD, BT, RL or LR) after 'direction'");
    }
    this.expectStatementEnd(`after 'direction ${direction}'`);
  }

  /** `accTitle: ...`, `accDescr: ...` and `accDescr { ... }` describe the drawing for readers. */
  private parseAccessibility(word: string, start: number): boolean {
    let next = start + word.length;
    while (isInlineSpace(this.char(next))) next++;
    if (this.char(next) === ':') {
      this.pos = next;
      this.skipToLineEnd();
      return true;
    }
    if (word !== 'accDescr' || this.char(next) !== '{') return false;
    const close = this.text.indexOf('}', next);
    if (close === -1) this.fail(start, "unclosed 'accDescr {': expected '}' to end it");
    this.pos = close + 1;
    this.expectStatementEnd("after 'accDescr { ... }'");
    return true;
  }

  /** `e1@{ animate: true }` styles the link declared as `A e1@--> B`: nothing to model. */
  private parseEdgeProperties(offset: number): void {
    this.pos = offset;
    this.readShapeData();
    this.expectStatementEnd('after the link properties');
  }

  private parseSubgraph(keywordOffset: number): void {
    this.pos = keywordOffset + 'subgraph'.length;
    this.skipSpaces();
    const idOffset = this.pos;
    const header = this.readSubgraphHeader();
    this.expectStatementEnd('after the subgraph title');
    const existing = this.builder.openSubgraph({ ...header, offset: keywordOffset });
    if (existing) {
      const { line } = this.position(existing.offset);
      const message =
        `subgraph ID '${header.declaredId}' is already used by the subgraph on line ${line}; ` +
        `give each subgraph its own ID, as in 'subgraph ${header.declaredId}-2 [Title]'`;
      this.fail(idOffset, message, 'duplicate-id');
    }
  }

  /** `subgraph id [Title]`, `subgraph id["Title"]`, `subgraph "Title"` or `subgraph Title`. */
  private readSubgraphHeader(): { declaredId?: string; title: string } {
    if (this.atStatementEnd()) return { title: '' };
    if (this.char() === '"') return titleAsId(this.readQuotedLabel() ?? '');
    const idStart = this.pos;
    this.pos = scanIdEnd(this.text, idStart);
    const id = this.text.slice(idStart, this.pos);
    if (id !== '') {
      this.skipSpaces();
      if (this.char() === '[') return { declaredId: id, title: this.readBracketTitle() ?? id };
      if (this.atStatementEnd()) return { declaredId: id, title: id };
    }
    this.pos = idStart;
    while (!this.atStatementEnd()) this.pos++;
    return titleAsId(cleanLabel(this.text.slice(idStart, this.pos)));
  }

  private readBracketTitle(): string | undefined {
    const open = this.pos;
    this.pos++;
    this.skipSpaces();
    if (this.char() === '"') {
      const title = this.readQuotedLabel();
      this.skipSpaces();
      if (this.char() !== ']') {
        this.failExpected(this.pos, "']' after the quoted subgraph title");
      }
      this.pos++;
      return title;
    }
    const close = this.findOnLine(']', this.pos);
    if (close === -1) this.fail(open, "unclosed '[': expected ']' to end the subgraph title");
    const title = labelOrUndefined(this.text.slice(this.pos, close));
    this.pos = close + 1;
    return title;
  }

  private parseEnd(offset: number): void {
    this.pos = offset + 'end'.length;
    this.skipSpaces();
    if (!this.atStatementEnd()) this.failEndAsNode(offset);
    if (!this.builder.closeSubgraph()) {
      this.fail(offset, "'end' without an open subgraph: nothing to close");
    }
  }

  private failEndAsNode(offset: number): never {
    const message =
      "'end' closes a subgraph and cannot name a node; " +
      "write it with a capital letter ('End') to use it as a node ID";
    this.fail(offset, message);
  }

  private checkSubgraphsClosed(): void {
    const open = this.builder.innermostOpenSubgraph();
    if (!open) return;
    const name = open.declaredId ?? open.title;
    const label = name === '' ? 'subgraph' : `subgraph '${name}'`;
    this.fail(open.offset, `${label} is not closed: expected 'end' before the end of the input`);
  }

  /** `a & b --> c -- text --> d`: node groups joined by links, each link to the next group. */
  private parseVertexStatement(): void {
    if (this.fastPath && this.readSimpleStatement()) return;
    let sources = this.parseNodeGroup('to start the statement');
    for (;;) {
      this.skipSpaces();
      if (this.atStatementEnd()) return;
      const link = this.parseLinkAfter((sources[sources.length - 1] as NodeRecord).id);
      this.skipSpaces();
      const targets = this.parseNodeGroup('after the link');
      this.builder.addLinks(sources, targets, link);
      sources = targets;
    }
  }

  /**
   * The fast path for the statements SIMPLE_STATEMENT reads, which make up most big diagrams.
   * One sticky regular expression reads them in native code, while the character loops of the
   * full reader run for a good while in V8's interpreter before they are optimized. It makes
   * the builder calls the full reader would make; on any other statement it reads nothing and
   * returns false, and the full reader takes over. Tests check that both read alike.
   */
  private readSimpleStatement(): boolean {
    const start = this.pos;
    SIMPLE_STATEMENT.lastIndex = start;
    const match = SIMPLE_STATEMENT.exec(this.text);
    if (match === null) return false;
    const sourceId = match[1] as string;
    const sourceShape = match[2];
    const arrow = match[3];
    const targetId = match[5] as string;
    // 'end' cannot name a node: the full reader says so.
    if (sourceId === 'end' || targetId === 'end') return false;
    const from = this.builder.noteNode(sourceId, start, simpleShape(sourceShape, start));
    if (arrow !== undefined) {
      const sourceEnd = start + sourceId.length + (sourceShape?.length ?? 0);
      const rawLabel = match[4];
      const link: LinkToken = {
        position: this.position(sourceEnd + arrow.indexOf('-')),
        label: rawLabel === undefined ? undefined : labelOrUndefined(rawLabel),
        bidirectional: false,
        invisible: false,
      };
      const targetStart = sourceEnd + arrow.length;
      const to = this.builder.noteNode(targetId, targetStart, simpleShape(match[6], targetStart));
      this.builder.addLink(from, to, link);
    }
    this.pos = SIMPLE_STATEMENT.lastIndex;
    return true;
  }

  private parseNodeGroup(context: string): NodeRecord[] {
    const ids = [this.parseNode(context)];
    for (;;) {
      this.skipSpaces();
      if (this.char() !== '&') return ids;
      this.pos++;
      this.skipSpaces();
      ids.push(this.parseNode("after '&'"));
    }
  }

  private parseNode(context: string): NodeRecord {
    const start = this.pos;
    this.pos = scanIdEnd(this.text, start);
    if (this.pos === start) {
      this.failExpected(start, `a node ID ${context}`);
    }
    const id = this.text.slice(start, this.pos);
    if (id === 'end') this.failEndAsNode(start);
    const definition = this.parseNodeShape(start);
    this.skipClassSuffix();
    return this.builder.noteNode(id, start, definition);
  }

  /** `A:::className` only styles the node. */
  private skipClassSuffix(): void {
    if (!this.text.startsWith(':::', this.pos)) return;
    this.pos += 3;
    const end = scanIdEnd(this.text, this.pos);
    if (end === this.pos) {
      this.failExpected(this.pos, "a class name after ':::'");
    }
    this.pos = end;
  }

  private parseNodeShape(idOffset: number): NodeDefinition | undefined {
    if (this.text.startsWith('@{', this.pos)) {
      const properties = this.readShapeData();
      const shape = properties.get('shape');
      const label = properties.get('label');
      return {
        label: label === undefined ? undefined : labelOrUndefined(label.text, label.markdown),
        shape: shape === undefined ? 'rect' : normalizeShapeName(shape.text),
        offset: idOffset,
      };
    }
    if (!'([{>'.includes(this.char() ?? ' ')) return undefined;
    const syntax = this.matchShapeOpener();
    return syntax && this.readBracketShape(syntax, idOffset);
  }

  private matchShapeOpener(): ShapeSyntax | undefined {
    for (const syntax of SHAPE_SYNTAXES) {
      if (this.text.startsWith(syntax.open, this.pos)) return syntax;
    }
    return undefined;
  }

  private readBracketShape(syntax: ShapeSyntax, idOffset: number): NodeDefinition {
    const open = this.pos;
    this.pos += syntax.open.length;
    const contentStart = this.pos;
    this.skipSpaces();
    if (this.char() === '"') return this.readQuotedShape(syntax, idOffset);
    this.pos = contentStart;
    for (;;) {
      const char = this.char();
      if (char === undefined || char === '\n') this.failUnclosedShape(syntax, open);
      const closer = CLOSER_STARTS.includes(char) ? this.matchCloser(syntax) : undefined;
      if (closer) {
        const label = labelOrUndefined(this.text.slice(contentStart, this.pos));
        this.pos += closer[0].length;
        return { label, shape: closer[1], offset: idOffset };
      }
      this.pos++;
    }
  }

  private readQuotedShape(syntax: ShapeSyntax, idOffset: number): NodeDefinition {
    const label = this.readQuotedLabel();
    this.skipSpaces();
    const closer = this.matchCloser(syntax);
    if (!closer) {
      const expected = syntax.closers.map(([close]) => `'${close}'`).join(' or ');
      this.failExpected(this.pos, `${expected} to close '${syntax.open}' after the quoted label`);
    }
    this.pos += closer[0].length;
    return { label, shape: closer[1], offset: idOffset };
  }

  private matchCloser(syntax: ShapeSyntax): readonly [string, string] | undefined {
    for (const closer of syntax.closers) {
      if (this.text.startsWith(closer[0], this.pos)) return closer;
    }
    return undefined;
  }

  private failUnclosedShape(syntax: ShapeSyntax, open: number): never {
    const expected = syntax.closers.map(([close]) => `'${close}'`).join(' or ');
    const message =
      `unclosed '${syntax.open}': expected ${expected} before the line ends ` +
      '(quote the label to use brackets in it)';
    this.fail(open, message);
  }

  /** `@{ shape: cyl, label: "Orders" }`: Mermaid's newer node syntax, a small YAML mapping. */
  private readShapeData(): Map<string, QuotedText> {
    const open = this.pos;
    this.pos += 2;
    const properties = new Map<string, QuotedText>();
    for (;;) {
      while (isInlineSpace(this.char()) || this.char() === '\n' || this.char() === ',') {
        this.pos++;
      }
      const char = this.char();
      if (char === undefined) this.fail(open, "unclosed '@{': expected '}' to end the properties");
      if (char === '}') break;
      const [key, value] = this.readShapeDataEntry();
      properties.set(key, value);
    }
    this.pos++;
    return properties;
  }

  private readShapeDataEntry(): [string, QuotedText] {
    const keyOffset = this.pos;
    while (/[A-Za-z0-9_-]/.test(this.char() ?? '')) this.pos++;
    const key = this.text.slice(keyOffset, this.pos);
    if (key === '') {
      this.failExpected(keyOffset, "a property such as 'shape' or 'label' in '@{ ... }'");
    }
    this.skipSpaces();
    if (this.char() !== ':') {
      this.failExpected(this.pos, `':' after '${key}'`);
    }
    this.pos++;
    this.skipSpaces();
    const value = this.readShapeDataValue();
    this.skipSpaces();
    const next = this.char();
    if (next !== undefined && next !== ',' && next !== '\n' && next !== '}') {
      this.failExpected(this.pos, `',' or '}' after the value of '${key}'`);
    }
    return [key, value];
  }

  private readShapeDataValue(): QuotedText {
    if (this.char() === '"') return this.readQuotedText();
    if (this.char() === "'") {
      const close = this.text.indexOf("'", this.pos + 1);
      if (close === -1) this.fail(this.pos, 'unclosed quote: expected a closing "\'"');
      const text = this.text.slice(this.pos + 1, close);
      this.pos = close + 1;
      return { text, markdown: false };
    }
    // A plain value ends at ',', '}' or the line end; ': ' inside one means a missing comma.
    const start = this.pos;
    while (this.char() !== undefined && !',}\n'.includes(this.char() as string)) {
      if (this.char() === ':' && isInlineSpace(this.char(this.pos + 1))) break;
      this.pos++;
    }
    return { text: this.text.slice(start, this.pos).trim(), markdown: false };
  }

  /** `"text"` or the Markdown form ``"`**bold** text`"``; both may span lines. */
  private readQuotedText(): QuotedText {
    const open = this.pos;
    const markdown = this.char(open + 1) === '`';
    const closing = markdown ? '`"' : '"';
    const contentStart = open + (markdown ? 2 : 1);
    const close = this.text.indexOf(closing, contentStart);
    if (close === -1) {
      const what = markdown ? 'Markdown string' : 'quote';
      this.fail(open, `unclosed ${what}: expected a closing '${closing}'`);
    }
    this.pos = close + closing.length;
    return { text: this.text.slice(contentStart, close), markdown };
  }

  private readQuotedLabel(): string | undefined {
    const { text, markdown } = this.readQuotedText();
    return labelOrUndefined(text, markdown);
  }

  private findOnLine(char: string, from: number): number {
    for (let i = from; i < this.text.length; i++) {
      const found = this.text[i];
      if (found === char) return i;
      if (found === '\n') return -1;
    }
    return -1;
  }

  private parseLinkAfter(nodeId: string): LinkToken {
    const edgeId = this.readEdgeId();
    const link = this.parseLink();
    if (link) return link;
    if (edgeId !== undefined) {
      this.failExpected(this.pos, `a link after the link ID '${edgeId}@'`);
    }
    const hint = this.matchShapeOpener()
      ? ' (a shape goes right after its node ID, with no space)'
      : '';
    const message =
      `expected a link such as '-->', '&' or the end of the statement after node ` +
      `'${nodeId}', found ${this.describe(this.pos)}${hint}`;
    this.fail(this.pos, message);
  }

  /** `A e1@--> B` names the link for styling; the ID is remembered to accept `e1@{...}`. */
  private readEdgeId(): string | undefined {
    const end = scanIdEnd(this.text, this.pos);
    if (end === this.pos || this.char(end) !== '@') return undefined;
    const next = this.char(end + 1);
    if (next === '{' || next === '"') return undefined;
    const id = this.text.slice(this.pos, end);
    this.builder.edgeIds.add(id);
    this.pos = end + 1;
    return id;
  }

  private parseLink(): LinkToken | undefined {
    const offset = this.pos;
    const startHead = this.readStartHead();
    const body = this.readLinkBody(offset);
    if (!body) {
      this.pos = offset;
      return undefined;
    }
    if (startHead !== undefined && MATCHING_END_HEAD.get(startHead) !== body.endHead) {
      const end = MATCHING_END_HEAD.get(startHead) as string;
      const message =
        `a link that starts with '${startHead}' must end with '${end}' ` +
        `(as in '${startHead}--${end}'); for a flow from right to left, swap the nodes`;
      this.fail(offset, message);
    }
    const label = this.readPipeLabel(body.label);
    const bidirectional = startHead !== undefined;
    return { position: this.position(offset), label, bidirectional, invisible: body.invisible };
  }

  private readStartHead(): string | undefined {
    const char = this.char();
    const next = this.char(this.pos + 1);
    if (char === undefined || !MATCHING_END_HEAD.has(char)) return undefined;
    if (next !== '-' && next !== '=') return undefined;
    this.pos++;
    return char;
  }

  /** After the last stroke: `>`, or `x`/`o` even when a name follows (`A---oB`, like Mermaid). */
  private readEndHead(): string | undefined {
    const char = this.char();
    if (char !== '>' && char !== 'x' && char !== 'o') return undefined;
    this.pos++;
    return char;
  }

  private readLinkBody(linkOffset: number): LinkBody | undefined {
    const char = this.char();
    if (char === '-' && this.char(this.pos + 1) === '.') return this.readDottedLink(linkOffset);
    if (char === '-' || char === '=') return this.readStrokeLink(char, linkOffset);
    if (char === '~' && this.countRun('~') >= 3) return { invisible: true };
    return undefined;
  }

  /** `-->`, `---`, `--o`, `==>`, `===`... and longer; two strokes alone open a text label. */
  private readStrokeLink(stroke: string, linkOffset: number): LinkBody | undefined {
    const count = this.countRun(stroke);
    if (count < 2) return undefined;
    const endHead = this.readEndHead();
    if (endHead !== undefined || count >= 3) return { endHead, invisible: false };
    this.skipSpaces();
    const label =
      this.char() === '"' ? this.readQuotedLabel() : this.readLabelUntil(stroke, linkOffset);
    this.skipSpaces();
    return { ...this.readStrokeLinkEnd(stroke), label };
  }

  private readLabelUntil(stroke: string, linkOffset: number): string | undefined {
    const start = this.pos;
    for (let i = start; i < this.text.length && this.text[i] !== '\n'; i++) {
      if (this.text[i] === stroke && this.text[i + 1] === stroke) {
        this.pos = i;
        return labelOrUndefined(this.text.slice(start, i));
      }
    }
    const ends = `'${stroke}${stroke}>' or '${stroke.repeat(3)}'`;
    this.fail(linkOffset, `unclosed link text: expected ${ends} after it on the same line`);
  }

  private readStrokeLinkEnd(stroke: string): LinkBody {
    const offset = this.pos;
    const count = this.countRun(stroke);
    const endHead = count >= 2 ? this.readEndHead() : undefined;
    if (count < 2 || (endHead === undefined && count < 3)) {
      const ends = `'${stroke}${stroke}>' or '${stroke.repeat(3)}'`;
      this.failExpected(offset, `${ends} to end the link text`);
    }
    return { endHead, invisible: false };
  }

  /** `-.->`, `-.-`, `-..->` and the labelled `-. text .->`. */
  private readDottedLink(linkOffset: number): LinkBody | undefined {
    this.pos++;
    const dots = this.countRun('.');
    if (this.char() === '-') {
      this.pos++;
      return { endHead: this.readEndHead(), invisible: false };
    }
    if (dots > 1) return undefined;
    this.skipSpaces();
    const label = this.char() === '"' ? this.readQuotedLabel() : this.readDottedLabel(linkOffset);
    this.skipSpaces();
    return { ...this.readDottedLinkEnd(), label };
  }

  /** Text runs to the first dots followed by `-`; a `-` right before them belongs to the end. */
  private readDottedLabel(linkOffset: number): string | undefined {
    const start = this.pos;
    let i = start;
    while (i < this.text.length && this.text[i] !== '\n') {
      if (this.text[i] !== '.') {
        i++;
        continue;
      }
      let afterDots = i;
      while (this.text[afterDots] === '.') afterDots++;
      if (this.text[afterDots] === '-') {
        const end = i > start && this.text[i - 1] === '-' ? i - 1 : i;
        this.pos = end;
        return labelOrUndefined(this.text.slice(start, end));
      }
      i = afterDots;
    }
    this.fail(linkOffset, "unclosed link text: expected '.->' or '.-' after it on the same line");
  }

  private readDottedLinkEnd(): LinkBody {
    const offset = this.pos;
    if (this.char() === '-') this.pos++;
    const dots = this.countRun('.');
    if (dots === 0 || this.char() !== '-') {
      this.failExpected(offset, "'.->' or '.-' to end the link text");
    }
    this.pos++;
    return { endHead: this.readEndHead(), invisible: false };
  }

  /** `-->|text|`; a link written `-- text -->` already has its one label. */
  private readPipeLabel(inlineLabel: string | undefined): string | undefined {
    const save = this.pos;
    this.skipSpaces();
    if (this.char() !== '|') {
      this.pos = save;
      return inlineLabel;
    }
    const open = this.pos;
    if (inlineLabel !== undefined) {
      this.fail(open, "a link takes one label: write either 'A -- text --> B' or 'A -->|text| B'");
    }
    this.pos++;
    this.skipSpaces();
    if (this.char() === '"') return this.readQuotedPipeLabel();
    const close = this.findOnLine('|', this.pos);
    if (close === -1) this.fail(open, "unclosed '|': expected a closing '|' after the link text");
    const label = labelOrUndefined(this.text.slice(this.pos, close));
    this.pos = close + 1;
    return label;
  }

  private readQuotedPipeLabel(): string | undefined {
    const label = this.readQuotedLabel();
    this.skipSpaces();
    if (this.char() !== '|') {
      this.failExpected(this.pos, "'|' after the quoted link text");
    }
    this.pos++;
    return label;
  }
}

/** A title without a written ID: one word is the ID, as in Mermaid; other titles get a slug. */
function titleAsId(title: string | undefined): { declaredId?: string; title: string } {
  const text = title ?? '';
  return isPlainId(text) ? { declaredId: text, title: text } : { title: text };
}

function isMermaidFileName(file: string | undefined): boolean {
  return file !== undefined && /\.(mmd|mermaid)$/i.test(file);
}

/** The definition a shape read by SIMPLE_NODE gives the node whose ID starts at `idOffset`. */
function simpleShape(text: string | undefined, idOffset: number): NodeDefinition | undefined {
  if (text === undefined) return undefined;
  // Labels hold no bracket, so a second one opens the shape too; closers are as long as openers.
  const size = '([{'.includes(text[1] as string) ? 2 : 1;
  const [, shape] = SIMPLE_SHAPES.get(text.slice(0, size)) as readonly [string, string];
  return { label: labelOrUndefined(text.slice(size, -size)), shape, offset: idOffset };
}

function escapeRegExp(text: string): string {
  return text.replace(/[[\](){}|\\/.*+?^$]/g, '\\$&');
}

/** The reader without its fast path for simple statements, for tests to compare the two. */
export function parseWithoutFastPath(text: string, file?: string): ImportResult {
  return new FlowchartParser(text, file, false).parse();
}

/** Reads Mermaid flowcharts (`graph` / `flowchart`); refuses the other diagram types clearly. */
export const mermaidImporter: Importer = {
  format: 'mermaid',
  description: 'Mermaid flowchart (.mmd, .mermaid): nodes, links and subgraphs',

  detect(text: string, file?: string): boolean {
    if (isMermaidFileName(file)) return true;
    try {
      const { header } = new FlowchartParser(text).readPreamble();
      if (header === undefined) return false;
      const keywordEnd = text[header.offset + header.word.length];
      const standsAlone = keywordEnd === undefined || /[\s;]/.test(keywordEnd);
      const known = FLOWCHART_KEYWORDS.has(header.word) || OTHER_DIAGRAM_KEYWORDS.has(header.word);
      return known && standsAlone;
    } catch {
      // An unclosed directive or front matter: not a diagram this importer can read.
      return false;
    }
  },

  parse(text: string, options?: ImportOptions): ImportResult {
    return new FlowchartParser(text, options?.file).parse();
  },
};
