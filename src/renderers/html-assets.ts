import { SEVERITY_COLORS, TRUST_COLORS } from './diagram-view.js';
import { SVG_ID_PREFIX } from './dot.js';

/**
 * The HTML report's only style sheet and script, inlined and allowed by hash in its
 * Content-Security-Policy. Both are constants, so their hashes are computed once.
 */

/** Badge, swatch and card colours, from the same tables the diagram is drawn with. */
function colourRules(): string {
  const severity = Object.entries(SEVERITY_COLORS).map(
    ([name, c]) => `.sev-${name} { --fill: ${c.fill}; --stroke: ${c.stroke}; --edge: ${c.edge}; }`,
  );
  const trust = Object.entries(TRUST_COLORS).map(
    ([name, c]) => `.trust-${name} { --fill: ${c.fill}; --stroke: ${c.stroke}; }`,
  );
  return [...severity, ...trust].join('\n');
}

export const REPORT_STYLE = `
:root {
  --text: #111827; --muted: #4b5563; --line: #e5e7eb; --panel: #f9fafb; --accent: #1d4ed8;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "DejaVu Sans", sans-serif;
  color: var(--text); background: #fff; line-height: 1.45;
}
body { margin: 0; }
header.page { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center;
  gap: 1rem; padding: 1rem 2rem 0.8rem; }
header.page h1 { margin: 0; font-size: 1.5rem; }
header.page .model { margin: 0.15rem 0 0; font-size: 1.1rem; color: var(--muted); }
header.page .stats { margin: 0.3rem 0 0; color: var(--muted); font-size: 0.9rem; }
h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
.cards { display: flex; gap: 0.5rem; }
.card { min-width: 4.8rem; padding: 0.35rem 0.7rem; border-radius: 8px; background: var(--fill);
  border: 1px solid var(--stroke); }
.card .count { display: block; font-size: 1.45rem; font-weight: 700; line-height: 1.2;
  color: var(--stroke); }
.card .label { font-size: 0.8rem; }
.diagram-panel { position: sticky; top: 0; z-index: 1; background: var(--panel);
  border-top: 1px solid var(--line); border-bottom: 1px solid var(--line);
  padding: 0.6rem 2rem 0.5rem; }
figure.diagram { margin: 0; display: flex; justify-content: center; }
figure.diagram svg { display: block; width: 100%; height: auto; max-height: 46vh; }
figure.diagram svg text { font-family: Helvetica, Arial, "Liberation Sans",
  "DejaVu Sans Condensed", sans-serif; }
figure.diagram g.node, figure.diagram g.edge { cursor: pointer; transition: opacity 0.15s; }
figure.diagram svg.focus g.node:not(.highlight),
figure.diagram svg.focus g.edge:not(.highlight) { opacity: 0.3; }
figure.diagram g.node.highlight path, figure.diagram g.node.highlight polygon,
figure.diagram g.node.highlight ellipse { stroke: var(--accent); stroke-width: 3px; }
figure.diagram g.edge.highlight path { stroke: var(--accent); stroke-width: 3px; }
figure.diagram g.edge.highlight polygon { stroke: var(--accent); fill: var(--accent); }
main { display: grid; grid-template-columns: minmax(0, 2fr) minmax(18rem, 1fr); gap: 2rem;
  padding: 1.2rem 2rem 2rem; align-items: start; }
@media (max-width: 900px) { main { grid-template-columns: minmax(0, 1fr); } }
table.stride { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
table.stride caption { text-align: left; font-weight: 600; font-size: 1.05rem;
  padding-bottom: 0.5rem; }
table.stride th, table.stride td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line);
  text-align: right; }
table.stride th:first-child, table.stride td:first-child { text-align: left; }
table.stride td.zero { color: #9ca3af; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; justify-content: center;
  gap: 0.3rem 0.8rem; margin: 0.4rem 0 0; padding: 0; font-size: 0.76rem; color: var(--muted); }
ul.legend li { display: flex; align-items: center; gap: 0.35rem; }
ul.legend li.group { font-weight: 600; color: var(--text); margin-left: 0.6rem; }
.swatch { display: inline-block; width: 1.1rem; height: 0.75rem; border-radius: 3px;
  background: var(--fill); border: 1.5px solid var(--stroke); }
.swatch.dashed { border-style: dashed; background: #fff; border-color: var(--muted); }
.stroke { display: inline-block; width: 1.6rem; border-top: 2px solid var(--muted); }
.stroke.dashed { border-top-style: dashed; }
.threats .hint { margin: -0.3rem 0 0.8rem; color: var(--muted); font-size: 0.85rem; }
details.threat { border: 1px solid var(--line); border-left: 5px solid var(--stroke);
  border-radius: 8px; margin-bottom: 0.6rem; background: #fff; }
details.threat.selected { box-shadow: 0 0 0 2px var(--accent); }
details.threat > summary { cursor: pointer; padding: 0.55rem 0.8rem; display: grid;
  grid-template-columns: auto auto 1fr auto; gap: 0.6rem; align-items: baseline; }
details.threat > summary::marker { color: var(--muted); }
.tid { font-weight: 700; font-variant-numeric: tabular-nums; }
.badge { font-size: 0.75rem; font-weight: 600; padding: 0.05rem 0.45rem; border-radius: 999px;
  background: var(--fill); color: var(--stroke); border: 1px solid var(--stroke); }
.score { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 0.9rem; }
.threat-body { padding: 0 0.9rem 0.8rem; border-top: 1px solid var(--line); font-size: 0.9rem; }
.threat-body dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.8rem;
  margin: 0.7rem 0; }
.threat-body dt { color: var(--muted); }
.threat-body dd { margin: 0; }
.threat-body h3 { font-size: 0.85rem; margin: 0.8rem 0 0.25rem; text-transform: uppercase;
  letter-spacing: 0.03em; color: var(--muted); }
.threat-body p { margin: 0.2rem 0; }
.threat-body ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.assumed { font-size: 0.75rem; color: #92400e; background: #fef3c7; border-radius: 4px;
  padding: 0.05rem 0.35rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85em;
  background: #f3f4f6; padding: 0 0.2rem; border-radius: 3px; }
.meta { color: var(--muted); font-size: 0.8rem; margin-top: 0.6rem; }
.status { margin-left: 0.5rem; font-size: 0.75rem; font-weight: 600; color: #065f46;
  background: #d1fae5; border-radius: 4px; padding: 0.05rem 0.35rem; }
details.threat:not(.status-active) { opacity: 0.75; border-left-color: #9ca3af; }
.decision { margin: 0.7rem 0 0; padding: 0.4rem 0.6rem; background: #ecfdf5; border-radius: 6px; }
.decision.expired { background: #fef3c7; }
.decision .where { color: var(--muted); font-size: 0.8rem; }
section.problems { margin-top: 1.5rem; font-size: 0.85rem; }
footer { padding: 1rem 2rem 2rem; color: var(--muted); font-size: 0.8rem;
  border-top: 1px solid var(--line); }
${colourRules()}
`;

/**
 * Opening a threat highlights the components and flows it affects on the diagram and dims the
 * rest; clicking an element on the diagram opens the highest-ranked threat that affects it.
 */
export const REPORT_SCRIPT = `
(() => {
  'use strict';
  const PREFIX = { components: '${SVG_ID_PREFIX.component}', flows: '${SVG_ID_PREFIX.flow}' };
  const svg = document.querySelector('figure.diagram svg');
  const threats = Array.from(document.querySelectorAll('details.threat'));
  let shown = null;

  const idsOf = (threat, kind) => JSON.parse(threat.dataset[kind] || '[]');

  function clear() {
    for (const element of document.querySelectorAll('.highlight')) {
      element.classList.remove('highlight');
    }
    for (const threat of threats) threat.classList.remove('selected');
    if (svg) svg.classList.remove('focus');
    shown = null;
  }

  function show(threat) {
    clear();
    shown = threat;
    threat.classList.add('selected');
    for (const kind of ['components', 'flows']) {
      for (const id of idsOf(threat, kind)) {
        const element = document.getElementById(PREFIX[kind] + id);
        if (element) element.classList.add('highlight');
      }
    }
    if (svg) svg.classList.add('focus');
  }

  for (const threat of threats) {
    threat.addEventListener('toggle', () => {
      if (threat.open) show(threat);
      else if (shown === threat) clear();
    });
  }

  if (svg) {
    svg.addEventListener('click', (event) => {
      const element = event.target.closest('g.node, g.edge');
      if (!element) return;
      const kind = element.id.startsWith(PREFIX.flows) ? 'flows' : 'components';
      const id = element.id.slice(PREFIX[kind].length);
      const threat = threats.find((candidate) => idsOf(candidate, kind).includes(id));
      if (!threat) return;
      if (threat.open) show(threat);
      else threat.open = true;
      threat.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    });
  }
})();
`;
