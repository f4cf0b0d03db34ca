import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import { analyze } from '../src/engine/pipeline.js';
import { REPO_ROOT } from './helpers.js';

/** Fixtures and checked-in drawings of the diagram renderers (DOT, Mermaid, HTML). */
export const DIAGRAM_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/diagrams');

/** Analyzes a file of the repository, by path relative to its root. */
export function analyzeFile(relative: string) {
  const file = path.join(REPO_ROOT, relative);
  return analyze({ text: readFileSync(file, 'utf8'), file: relative });
}

/**
 * Compares with a drawing checked in under test/fixtures/diagrams. After an intended change,
 * regenerate with: UPDATE_GOLDEN=1 npx vitest run src/renderers
 */
export function expectGolden(name: string, actual: string): void {
  const target = path.join(DIAGRAM_FIXTURES, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(target)) writeFileSync(target, actual);
  expect(actual, `${name} differs; see test/diagram-helpers.ts to regenerate`).toBe(
    readFileSync(target, 'utf8'),
  );
}

export interface ParsedElement {
  name: string;
  attributes: Record<string, string>;
}

/**
 * Every element of an SVG or HTML document, in document order, read by a real parser. HTML
 * void elements are read unpaired, and script and style bodies are kept as text, so an
 * injected tag shows up here as an element or breaks the parse.
 */
export function elementsOf(markup: string): ParsedElement[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    allowBooleanAttributes: true,
    htmlEntities: true,
    unpairedTags: ['meta', 'br', 'img', 'link', 'input', 'hr'],
    stopNodes: ['*.script', '*.style'],
  });
  const found: ParsedElement[] = [];
  const walk = (nodes: Record<string, unknown>[]) => {
    for (const node of nodes) {
      for (const [name, children] of Object.entries(node)) {
        if (name === ':@' || name === '#text' || name.startsWith('?')) continue;
        const attributes = (node[':@'] ?? {}) as Record<string, string>;
        found.push({ name: name.toLowerCase(), attributes });
        if (Array.isArray(children)) walk(children as Record<string, unknown>[]);
      }
    }
  };
  walk(parser.parse(markup) as Record<string, unknown>[]);
  return found;
}
