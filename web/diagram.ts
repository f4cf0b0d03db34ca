import type { Threat, ThreatModel } from '../src/index.js';
import { renderDot, SVG_ID_PREFIX } from '../src/renderers/dot.js';
import { loadSvgLayout } from '../src/renderers/graphviz.js';

export type ElementRef = { kind: 'component' | 'flow' | 'zone'; id: string };

/** SVG that could act rather than draw is removed, whatever produced it. */
const UNSAFE_ELEMENTS = 'script, foreignObject, iframe, object, embed, use, image, style';

/**
 * The model drawn by Graphviz (WebAssembly, in the page) from the same DOT the CLI's
 * `strider diagram` writes. Labels are escaped by the DOT renderer and by Graphviz; the SVG is
 * parsed as XML, never as HTML, and stripped of anything active before it joins the page.
 */
export class DiagramView {
  private svg: SVGSVGElement | undefined;
  private generation = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly onSelect: (element: ElementRef) => void,
  ) {
    container.addEventListener('click', (event) => {
      const ref = elementAt(event.target);
      if (ref) this.onSelect(ref);
    });
  }

  /** Draws the model; a newer call while Graphviz still lays out an older one wins. */
  async draw(model: ThreatModel, threats: readonly Threat[]): Promise<void> {
    const generation = ++this.generation;
    const layout = await loadSvgLayout();
    if (generation !== this.generation) return;
    const svg = parseSvg(layout(renderDot(model, { threats })));
    this.svg = svg;
    this.container.replaceChildren(svg);
  }

  clear(message: string): void {
    this.generation++;
    this.svg = undefined;
    const note = document.createElement('p');
    note.className = 'muted';
    note.textContent = message;
    this.container.replaceChildren(note);
  }

  /** Lights up the given elements and dims the rest; nothing given, nothing dimmed. */
  highlight(elements: readonly ElementRef[]): void {
    if (!this.svg) return;
    for (const marked of this.svg.querySelectorAll('.selected')) {
      marked.classList.remove('selected');
    }
    this.svg.classList.toggle('dimmed', elements.length > 0);
    for (const element of elements) {
      this.svg.getElementById(SVG_ID_PREFIX[element.kind] + element.id)?.classList.add('selected');
    }
  }
}

function parseSvg(text: string): SVGSVGElement {
  const document = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = document.documentElement;
  if (!(svg instanceof SVGSVGElement)) throw new Error('Graphviz did not return an SVG');
  for (const unsafe of svg.querySelectorAll(UNSAFE_ELEMENTS)) unsafe.remove();
  for (const element of svg.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      const isHandler = attribute.name.toLowerCase().startsWith('on');
      const isLink = /href$/i.test(attribute.name) && !attribute.value.startsWith('#');
      if (isHandler || isLink) element.removeAttribute(attribute.name);
    }
  }
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.classList.add('model');
  return svg;
}

/** The model element drawn at (or around) the clicked SVG part, if any. */
function elementAt(target: EventTarget | null): ElementRef | undefined {
  const group = target instanceof Element ? target.closest('g[id^="strider-"]') : null;
  if (!group) return undefined;
  for (const [kind, prefix] of Object.entries(SVG_ID_PREFIX) as [ElementRef['kind'], string][]) {
    if (group.id.startsWith(prefix)) return { kind, id: group.id.slice(prefix.length) };
  }
  return undefined;
}
