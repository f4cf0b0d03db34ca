/**
 * Turns a draw.io file into its pages and each page into flat cell records. draw.io stores a
 * page either as plain XML or compressed: raw DEFLATE, then Base64, of the URI-encoded XML.
 * Inflating is capped, so a small page cannot expand into gigabytes (a zip bomb), and XML
 * with a DOCTYPE is refused outright, so entities can neither expand without bound nor pull
 * in local files: draw.io never writes one.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Inflate } from 'fflate';
import { InputError, inputError, type Problem } from '../model/problems.js';
import { decodeXmlText } from './markup-text.js';

/** The most text all compressed pages of one file may inflate to. */
export const MAX_INFLATED_CHARS = 20 * 1024 * 1024;
/** draw.io nests its elements eight deep; anything far deeper is not a drawing. */
const MAX_XML_DEPTH = 64;
/** Input is fed to the inflater in slices this big, so the output cap bites early. */
const INFLATE_SLICE = 4096;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

/** One diagram element: the attributes of its mxCell, with those of its wrapper on top. */
export interface CellRecord {
  attributes: Record<string, string>;
  /** The attributes of its `mxGeometry`, when it has one. */
  geometry?: Record<string, string>;
  /** Offset of the cell in the file; undefined inside a compressed page. */
  offset?: number;
}

export interface DrawioPage {
  name: string;
  cells: CellRecord[];
  /** Offset of the page in the file, for problems about a compressed page as a whole. */
  offset: number;
  compressed: boolean;
}

/** Where a problem is, as the importer reports it; built by the caller from an offset. */
export type Locate = (offset: number) => Pick<Problem, 'file' | 'line' | 'column'>;

type XmlNode = Record<string, unknown>;

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  captureMetaData: true,
  maxNestedTags: MAX_XML_DEPTH,
});
const META = XMLParser.getMetaDataSymbol() as unknown as string;

/** Reads every page of the file; errors point into the file, or at the compressed page. */
export function readDrawioPages(text: string, locate: Locate): DrawioPage[] {
  const top = parseXml(text, (message, offset) => ({
    code: 'xml-syntax',
    message,
    ...locate(offset),
  }));
  const mxfile = childrenNamed(top, 'mxfile')[0];
  if (!mxfile) {
    const model = childrenNamed(top, 'mxGraphModel')[0];
    if (!model) {
      throw inputError({
        code: 'not-drawio',
        message: 'not a draw.io file: no <mxfile> or <mxGraphModel> element',
        ...locate(0),
      });
    }
    const offset = offsetOf(model) ?? 0;
    return [{ name: 'Page-1', cells: cellsOf(model, true), offset, compressed: false }];
  }
  let budget = MAX_INFLATED_CHARS;
  return childrenNamed(children(mxfile), 'diagram').map((diagram, index) => {
    const name = decodeXmlText(attributesOf(diagram).name ?? '') || `Page-${index + 1}`;
    const offset = offsetOf(diagram) ?? 0;
    const model = childrenNamed(children(diagram), 'mxGraphModel')[0];
    if (model) return { name, cells: cellsOf(model, true), offset, compressed: false };
    const packed = textOf(diagram);
    if (packed.trim() === '') return { name, cells: [], offset, compressed: false };
    const where = locate(offset);
    const xml = inflatePage(packed, budget, name, where);
    budget -= xml.length;
    const fail = (message: string) => ({
      code: 'xml-syntax',
      message: `page '${name}' (compressed): ${message}`,
      ...where,
    });
    const inner = childrenNamed(parseXml(xml, fail, 'of the inflated page'), 'mxGraphModel')[0];
    if (!inner) throw inputError(fail('no <mxGraphModel> element inside'));
    return { name, cells: cellsOf(inner, false), offset, compressed: true };
  });
}

/**
 * Parses one XML text. `inner` names the text when its positions are not the file's (an
 * inflated page), so the message gives them instead.
 */
function parseXml(
  text: string,
  problem: (message: string, offset: number) => Omit<Problem, 'severity'>,
  inner?: string,
): XmlNode[] {
  const doctype = text.search(/<!DOCTYPE|<!ENTITY/i);
  if (doctype !== -1) {
    const message =
      'refused: DOCTYPE and ENTITY declarations are not read ' +
      '(draw.io writes none, and entities could expand without bound or read local files)';
    throw inputError(problem(message, doctype));
  }
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    const where = inner === undefined ? '' : ` at line ${line}, column ${col} ${inner}`;
    throw inputError(problem(`XML syntax${where}: ${msg}`, offsetOfLine(text, line, col)));
  }
  try {
    return PARSER.parse(text) as XmlNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw inputError(problem(`refused: ${message}`, 0), error);
  }
}

function offsetOfLine(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) break;
    offset = next + 1;
  }
  return offset + Math.max(0, column - 1);
}

/**
 * Inflates one compressed page, refusing it as soon as the output passes `budget`: the
 * input goes in small slices and every output chunk is counted before the next slice.
 */
function inflatePage(
  packed: string,
  budget: number,
  page: string,
  where: Pick<Problem, 'file' | 'line' | 'column'>,
): string {
  const refuse = (message: string, cause?: unknown) =>
    inputError(
      { code: 'drawio-compressed', message: `page '${page}' (compressed): ${message}`, ...where },
      cause,
    );
  if (!BASE64.test(packed)) throw refuse('not Base64 text, so not a compressed draw.io page');
  // atob and TextDecoder rather than Buffer: the engine also runs in the web page.
  const bytes = Uint8Array.from(atob(packed.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > budget) {
      const limit = `${MAX_INFLATED_CHARS} characters for all pages together`;
      throw refuse(`refused: it inflates to more than the limit of ${limit}`);
    }
    chunks.push(chunk);
  });
  try {
    for (let start = 0; start < bytes.length; start += INFLATE_SLICE) {
      const end = start + INFLATE_SLICE;
      inflater.push(bytes.subarray(start, end), end >= bytes.length);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw refuse(`corrupt compressed data (${reason})`, error);
  }
  const joined = new Uint8Array(total);
  chunks.reduce((offset, chunk) => (joined.set(chunk, offset), offset + chunk.length), 0);
  const inflated = new TextDecoder().decode(joined);
  if (inflated.trimStart().startsWith('<')) return inflated;
  try {
    return decodeURIComponent(inflated);
  } catch (error) {
    throw refuse('the inflated page is not URI-encoded XML', error);
  }
}

/** The page's cells in file order, `object`/`UserObject` wrappers folded into their cell. */
function cellsOf(model: XmlNode, positioned: boolean): CellRecord[] {
  const root = childrenNamed(children(model), 'root')[0];
  if (!root) return [];
  const cells: CellRecord[] = [];
  for (const node of children(root)) {
    const tag = tagOf(node);
    if (tag === 'mxCell') {
      cells.push(record(node, {}, positioned ? offsetOf(node) : undefined));
    } else if (tag === 'object' || tag === 'UserObject') {
      const wrapper = attributesOf(node);
      const inner = childrenNamed(children(node), 'mxCell')[0];
      const { label, ...rest } = wrapper;
      const own = { ...rest, ...(label === undefined ? {} : { value: label }) };
      cells.push(record(inner ?? node, own, positioned ? offsetOf(node) : undefined));
    }
  }
  return cells;
}

function record(cell: XmlNode, wrapper: Record<string, string>, offset?: number): CellRecord {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...attributesOf(cell), ...wrapper })) {
    attributes[key] = decodeXmlText(value);
  }
  const geometryNode = childrenNamed(children(cell), 'mxGeometry')[0];
  const result: CellRecord = { attributes };
  if (geometryNode) result.geometry = attributesOf(geometryNode);
  if (offset !== undefined) result.offset = offset;
  return result;
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function children(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const value = tag === undefined ? undefined : node[tag];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function childrenNamed(nodes: XmlNode[], tag: string): XmlNode[] {
  return nodes.filter((node) => tagOf(node) === tag);
}

function attributesOf(node: XmlNode): Record<string, string> {
  const attributes = node[':@'];
  return typeof attributes === 'object' && attributes !== null
    ? (attributes as Record<string, string>)
    : {};
}

function textOf(node: XmlNode): string {
  return children(node)
    .map((child) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
    .join('');
}

function offsetOf(node: XmlNode): number | undefined {
  const meta = node[META] as { startIndex?: number } | undefined;
  return meta?.startIndex;
}
