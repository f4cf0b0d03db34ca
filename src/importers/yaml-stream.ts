/**
 * Reads the YAML that deployment tools write: several documents per file (Kubernetes), merge
 * keys (`<<: *base` in compose and Threagile files), and JSON, which is YAML too. Hostile input
 * is refused with a position before it can cost much: too many documents, nesting deeper than
 * any real file, and alias bombs.
 */
import {
  isAlias,
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import { checkJsonSyntax } from '../model/json-syntax.js';
import { inputError, positionAt, type Problem } from '../model/problems.js';
import {
  locate,
  MAX_ALIASES,
  type PathSegment,
  type SourceDocument,
} from '../model/yaml-source.js';

/** Real manifests nest about 20 levels (CRD schemas); deeper input is refused. */
export const MAX_NESTING = 100;
/** A stream of more documents than this is refused: no real bundle comes close. */
export const MAX_DOCUMENTS = 10_000;
/**
 * Brackets open at once, counted before parsing without regard to quotes: far above any real
 * file (so brackets inside strings cannot trip it), far below what makes the parser slow.
 */
const MAX_OPEN_BRACKETS = 1000;

export interface YamlReadOptions {
  /** Whether `<<` keys merge maps, as YAML 1.1 tools (compose, Threagile) expect. */
  merge?: boolean;
}

/** Every non-empty document of the stream, each able to point back into the text. */
export function readYamlDocuments(
  text: string,
  file: string | undefined,
  options: YamlReadOptions = {},
): SourceDocument[] {
  prescan(text, file);
  checkJsonSyntax(text, file);
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: options.merge ?? false,
  });
  const docs = Array.isArray(parsed) ? parsed : [];
  const result: SourceDocument[] = [];
  for (const doc of docs) {
    checkErrors(doc, lineCounter, file);
    // A document of only comments (a trailing `---` in a bundle) holds a null scalar.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    checkNesting(doc, lineCounter, file);
    result.push({
      value: toValue(doc, file),
      file,
      positionOf: (path, key) => locate(doc, lineCounter, path, key),
    });
  }
  return result;
}

/** The single document of a file that must hold exactly one (compose, Threagile, IR). */
export function readYamlDocument(
  text: string,
  file: string | undefined,
  options: YamlReadOptions = {},
): SourceDocument | undefined {
  const docs = readYamlDocuments(text, file, options);
  if (docs.length > 1) {
    const second = docs[1]!.positionOf([]);
    throw inputError({
      code: 'several-documents',
      message: 'expected one YAML document, found another one here',
      file,
      ...second,
    });
  }
  return docs[0];
}

/**
 * Refuses, in one linear pass and before the parser allocates anything, the two shapes that
 * cost it most: a flood of documents and brackets nested thousands deep.
 */
function prescan(text: string, file: string | undefined): void {
  // `...` ends a document and may be followed by a bare one, so it counts too.
  const marker = /^(---|\.\.\.)(?=\s|$)/gm;
  for (let count = 0; marker.exec(text);) {
    if (++count > MAX_DOCUMENTS) {
      throw inputError({
        code: 'too-many-documents',
        message: `refused: the file holds more than ${MAX_DOCUMENTS} YAML documents`,
        file,
        ...positionAt(text, marker.lastIndex),
      });
    }
  }
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5b || code === 0x7b) {
      if (++open <= MAX_OPEN_BRACKETS) continue;
      throw inputError({
        code: 'too-deep',
        message: `refused: brackets nest deeper than ${MAX_OPEN_BRACKETS} levels`,
        file,
        ...positionAt(text, i),
      });
    } else if ((code === 0x5d || code === 0x7d) && open > 0) {
      open--;
    }
  }
}

function checkErrors(doc: Document, lineCounter: LineCounter, file: string | undefined): void {
  const first = doc.errors[0];
  if (!first) return;
  const { line, col } = lineCounter.linePos(first.pos[0]);
  // The parser reports its own stack overflow as an error: say what it means.
  const tooDeep = /call stack/i.test(first.message);
  throw inputError({
    code: tooDeep ? 'too-deep' : 'yaml-syntax',
    message: tooDeep
      ? `refused: the document nests too deeply to read (limit ${MAX_NESTING} levels)`
      : `YAML syntax: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    file,
    line,
    column: col,
  });
}

/** Walks the node tree with an explicit stack, so the check itself cannot overflow. */
function checkNesting(doc: Document, lineCounter: LineCounter, file: string | undefined): void {
  const pending: [Node | null | undefined, number][] = [[doc.contents as Node, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (!node || !isCollection(node)) continue;
    if (depth > MAX_NESTING) {
      const { line, col } = lineCounter.linePos(node.range?.[0] ?? 0);
      throw inputError({
        code: 'too-deep',
        message: `refused: values nest deeper than ${MAX_NESTING} levels`,
        file,
        line,
        column: col,
      });
    }
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        pending.push([item.key as Node, depth + 1], [item.value as Node, depth + 1]);
      } else if (!isAlias(item)) {
        pending.push([item as Node, depth + 1]);
      }
    }
  }
}

function toValue(doc: Document, file: string | undefined): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const aliases = error instanceof Error && /alias/i.test(error.message);
    throw inputError(
      {
        code: aliases ? 'yaml-aliases' : 'yaml-value',
        message: aliases
          ? `refused: the document expands too many YAML aliases (limit ${MAX_ALIASES})`
          : `cannot read the document: ${error instanceof Error ? error.message : error}`,
        file,
        line: 1,
        column: 1,
      },
      error,
    );
  }
}

/** A warning at `path` in `source`, the form every importer here reports skips in. */
export function warningAt(
  source: SourceDocument,
  path: readonly PathSegment[],
  code: string,
  message: string,
  key = false,
): Problem {
  const { line, column } = source.positionOf(path, key);
  return { severity: 'warning', code, message, file: source.file, line, column };
}
