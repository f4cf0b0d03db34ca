import type { ThreatModel } from '../model/types.js';
import { renderDot, type DotOptions } from './dot.js';

/** Lays a DOT graph out and returns the SVG; renderers take one so they stay synchronous. */
export type SvgLayout = (dot: string) => string;

let loading: Promise<SvgLayout> | undefined;

/**
 * Graphviz compiled to WebAssembly, loaded once per process: compiling the module is the slow
 * part, and every later layout reuses it.
 */
export function loadSvgLayout(): Promise<SvgLayout> {
  // Imported here, not at the top: the module embeds the WebAssembly binary, and parsing it
  // would slow the start of every command that draws nothing.
  loading ??= import('@hpcc-js/wasm-graphviz')
    .then(({ Graphviz }) => Graphviz.load())
    .then((graphviz) => (dot: string) => graphviz.dot(dot, 'svg'));
  return loading;
}

/** The model drawn as a standalone SVG document. */
export async function renderSvg(model: ThreatModel, options: DotOptions = {}): Promise<string> {
  const layout = await loadSvgLayout();
  return layout(renderDot(model, options));
}

/**
 * The `<svg>` element alone, for inlining in HTML: without the XML declaration, doctype and the
 * comments Graphviz writes before it.
 */
export function svgElement(svgDocument: string): string {
  const start = svgDocument.indexOf('<svg');
  return start < 0 ? svgDocument : svgDocument.slice(start).trimEnd();
}
