import {
  type Component,
  type Fact,
  type Flow,
  type Threat,
  type ThreatModel,
} from '../src/index.js';
import { ELEMENT_TYPES } from '../src/model/types.js';
import type { ElementRef } from './diagram.js';
import { el, option } from './dom.js';
import type { HintSection } from './hints.js';

/** A fact the page lets people state: how it is edited and read back from the form. */
interface EditableFact {
  field: string;
  label: string;
  /** Choices for a select; free text (comma-separated for lists) without them. */
  choices?: readonly string[];
  list?: boolean;
  boolean?: boolean;
}

const COMPONENT_FACTS: readonly EditableFact[] = [
  { field: 'type', label: 'Type', choices: ELEMENT_TYPES },
  { field: 'zone', label: 'Zone' },
  { field: 'data', label: 'Data held (IDs, comma-separated)', list: true },
  {
    field: 'authentication',
    label: 'Callers must authenticate',
    choices: ['true', 'false'],
    boolean: true,
  },
];

const FLOW_FACTS: readonly EditableFact[] = [
  { field: 'protocol', label: 'Protocol' },
  { field: 'authentication', label: 'Authentication (none, jwt, mtls...)' },
  { field: 'data', label: 'Data carried (IDs, comma-separated)', list: true },
];

export interface ElementEdit {
  section: HintSection;
  id: string;
  changes: Record<string, unknown>;
}

/**
 * The selected element: its facts with where each came from (inferred ones marked), the
 * threats that name it, and a form to state facts, which become hints.
 */
export function elementPanel(
  ref: ElementRef,
  model: ThreatModel,
  threats: readonly Threat[],
  actions: { selectThreat: (id: string) => void; edit: (edit: ElementEdit) => void },
): HTMLElement[] | undefined {
  const component =
    ref.kind === 'component' ? model.components.find((c) => c.id === ref.id) : undefined;
  const flow = ref.kind === 'flow' ? model.flows.find((f) => f.id === ref.id) : undefined;
  const element = component ?? flow;
  if (!element) return undefined;
  const related = threats.filter((threat) =>
    component ? threat.components.includes(ref.id) : threat.flows.includes(ref.id),
  );
  const title = component ? `${component.name} (${component.id})` : flowTitle(flow!, model);
  const facts = component ? COMPONENT_FACTS : FLOW_FACTS;
  const zoneIds = model.zones.map((zone) => zone.id);
  return [
    el('h3', {}, title),
    factTable(element),
    el('h4', {}, related.length ? 'Threats' : 'No threat names it'),
    el('ul', { class: 'related' }, ...related.map((threat) => threatLink(threat, actions))),
    editForm(element, facts, zoneIds, (changes) =>
      actions.edit({ section: component ? 'components' : 'flows', id: ref.id, changes }),
    ),
  ];
}

function flowTitle(flow: Flow, model: ThreatModel): string {
  const name = (id: string) => model.components.find((c) => c.id === id)?.name ?? id;
  return `${name(flow.from)} → ${name(flow.to)} (${flow.id})`;
}

function threatLink(threat: Threat, actions: { selectThreat: (id: string) => void }) {
  const button = el('button', { type: 'button', class: 'link' }, `${threat.id} ${threat.title}`);
  button.addEventListener('click', () => actions.selectThreat(threat.id));
  return el('li', {}, button);
}

/** Every fact of the element; those Strider inferred or assumed say so, and why. */
function factTable(element: Component | Flow): HTMLTableElement {
  const rows: HTMLTableRowElement[] = [];
  const facts = element as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(facts)) {
    if (isFact(value)) rows.push(factRow(name, value));
  }
  for (const [name, fact] of Object.entries(element.controls)) {
    if (fact) rows.push(factRow(`control ${name}`, fact));
  }
  return el('table', { class: 'facts' }, el('tbody', {}, ...rows));
}

function factRow(name: string, fact: Fact<unknown>): HTMLTableRowElement {
  const stated = fact.source === 'declared' || fact.source === 'hint';
  const value = Array.isArray(fact.value) ? fact.value.join(', ') || '(none)' : String(fact.value);
  return el(
    'tr',
    { class: stated ? 'stated' : 'inferred' },
    el('th', {}, name),
    el('td', {}, value),
    el(
      'td',
      { class: 'source' },
      stated ? fact.source : `inferred (${fact.source})`,
      fact.reason ? el('span', { class: 'muted' }, `: ${fact.reason}`) : undefined,
    ),
  );
}

function isFact(value: unknown): value is Fact<unknown> {
  return typeof value === 'object' && value !== null && 'value' in value && 'source' in value;
}

function editForm(
  element: Component | Flow,
  facts: readonly EditableFact[],
  zoneIds: readonly string[],
  apply: (changes: Record<string, unknown>) => void,
): HTMLFormElement {
  const current = element as unknown as Record<string, Fact<unknown> | undefined>;
  const inputs = facts.map((fact) => {
    const initial = formValue(current[fact.field]?.value);
    const choices = fact.field === 'zone' ? zoneIds : fact.choices;
    const input = choices
      ? el(
          'select',
          { name: fact.field },
          option('', '(not stated)'),
          ...choices.map((choice) => option(choice)),
        )
      : el('input', { name: fact.field, type: 'text', autocomplete: 'off' });
    input.value = initial;
    return { fact, input, initial };
  });
  const form = el(
    'form',
    { class: 'edit-facts' },
    el('h4', {}, 'State facts (as hints)'),
    ...inputs.map(({ fact, input }) => el('label', {}, fact.label, input)),
    el('button', { type: 'submit' }, 'Apply'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const changes: Record<string, unknown> = {};
    for (const { fact, input, initial } of inputs) {
      if (input.value !== initial) changes[fact.field] = hintValue(fact, input.value.trim());
    }
    if (Object.keys(changes).length > 0) apply(changes);
  });
  return form;
}

function formValue(value: unknown): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Blank removes the hint; lists split on commas; booleans become booleans. */
function hintValue(fact: EditableFact, text: string): unknown {
  if (text === '') return undefined;
  if (fact.list)
    return text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  if (fact.boolean) return text === 'true';
  return text;
}
