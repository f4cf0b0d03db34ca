import { SEVERITIES, type Threat, type ThreatModel } from '../src/index.js';
import { STRIDE, type StrideLetter } from '../src/rules/rule.js';
import { byId, el, setOptions } from './dom.js';

export interface ThreatFilters {
  severity: string;
  stride: string;
  component: string;
}

/**
 * The threat list with its filters, and the detail of the selected threat: why, evidence,
 * recommendation and references, as the reports word them.
 */
export class ThreatList {
  private readonly list = byId<HTMLOListElement>('threats');
  private readonly detail = byId<HTMLDivElement>('threat');
  private readonly severity = byId<HTMLSelectElement>('filter-severity');
  private readonly stride = byId<HTMLSelectElement>('filter-stride');
  private readonly component = byId<HTMLSelectElement>('filter-component');
  private threats: readonly Threat[] = [];
  private selected: string | undefined;

  constructor(private readonly onSelect: (threat: Threat | undefined) => void) {
    setOptions(
      this.severity,
      SEVERITIES.map((s) => [s, s]),
    );
    setOptions(
      this.stride,
      Object.entries(STRIDE).map(([letter, name]) => [letter, name]),
    );
    for (const select of [this.severity, this.stride, this.component]) {
      select.addEventListener('change', () => this.render());
    }
  }

  show(threats: readonly Threat[], model: ThreatModel): void {
    this.threats = threats;
    setOptions(
      this.component,
      model.components.map((c) => [c.id, c.name]),
    );
    if (!threats.some((threat) => threat.id === this.selected)) this.selected = undefined;
    this.render();
  }

  /** Selects by ID (or clears); the list and detail follow, and `onSelect` is told. */
  select(id: string | undefined): void {
    this.selected = id;
    this.render();
    this.onSelect(this.threats.find((threat) => threat.id === id));
  }

  get selectedId(): string | undefined {
    return this.selected;
  }

  get filters(): ThreatFilters {
    return {
      severity: this.severity.value,
      stride: this.stride.value,
      component: this.component.value,
    };
  }

  private render(): void {
    const shown = this.threats.filter((threat) => matches(threat, this.filters));
    this.list.replaceChildren(...shown.map((threat) => this.item(threat)));
    if (shown.length === 0) {
      const none = this.threats.length === 0 ? 'No threats found.' : 'No threat matches.';
      this.list.replaceChildren(el('li', { class: 'muted' }, none));
    }
    const threat = this.threats.find((t) => t.id === this.selected);
    this.detail.hidden = !threat;
    this.detail.replaceChildren(...(threat ? threatDetail(threat) : []));
  }

  private item(threat: Threat): HTMLLIElement {
    const button = el(
      'button',
      {
        'type': 'button',
        'class': `threat sev-${threat.severity}`,
        'data-threat': threat.id,
        'aria-pressed': String(threat.id === this.selected),
      },
      el('span', { class: 'id' }, threat.id),
      el('span', { class: `badge sev-${threat.severity}` }, threat.severity),
      el('span', { class: 'score' }, threat.score.toFixed(1)),
      el('span', { class: 'title' }, threat.title),
    );
    button.addEventListener('click', () =>
      this.select(threat.id === this.selected ? undefined : threat.id),
    );
    return el('li', {}, button);
  }
}

function matches(threat: Threat, filters: ThreatFilters): boolean {
  return (
    (!filters.severity || threat.severity === filters.severity) &&
    (!filters.stride || threat.stride.includes(filters.stride as StrideLetter)) &&
    (!filters.component || threat.components.includes(filters.component))
  );
}

function threatDetail(threat: Threat): HTMLElement[] {
  const { references } = threat;
  const refs = [...references.cwe, ...references.asvs.map((id) => `ASVS 5.0 ${id}`)];
  return [
    el('h3', {}, `${threat.id} ${threat.title}`),
    el(
      'p',
      { class: 'muted' },
      `${threat.severity}, score ${threat.score.toFixed(1)} · ` +
        `${threat.stride.map((letter) => STRIDE[letter]).join(', ')} · ${threat.ruleId} ` +
        `${threat.slug}${threat.status === 'active' ? '' : ` · ${threat.status}`}`,
    ),
    el('p', {}, threat.why),
    el('h4', {}, 'Evidence'),
    el(
      'ul',
      {},
      ...threat.evidence
        .slice(0, 30)
        .map((e) =>
          el(
            'li',
            {},
            `${e.element}.${e.attribute} = ${JSON.stringify(e.value)} (${e.source}` +
              `${e.reason ? `: ${e.reason}` : ''})`,
          ),
        ),
    ),
    el('h4', {}, 'What to do'),
    el('p', {}, threat.recommendation),
    el('p', { class: 'muted' }, `References: ${refs.join(', ') || 'none'}`),
  ];
}
