import {
  findTechnologyById,
  labelPattern,
  matchDataClassesInWords,
  matchKindInWords,
  matchTechnologyInWords,
  tokenizeLabel,
  type DataClassMatch,
  type KindMatch,
  type Technology,
  type TechnologyMatch,
} from '../catalog/index.js';
import { KIND_TYPES } from '../model/kinds.js';
import type { Component, ComponentKind, ElementType } from '../model/types.js';
import { offerFact } from './facts.js';

/** Shapes that say what an element is, whatever its label. */
const SHAPE_TYPES: Readonly<Record<string, ElementType>> = {
  cylinder: 'datastore',
  actor: 'actor',
  person: 'actor',
};

/**
 * Defaults by kind for components whose technology is unknown. Only facts that hold for
 * practically every product of the kind belong here.
 */
const KIND_DEFAULTS: Partial<Record<ComponentKind, { authentication: boolean; why: string }>> = {
  database: {
    authentication: true,
    why: 'general-purpose database servers require a login out of the box',
  },
};

/** What the catalog tables find in one label. */
interface LabelMatches {
  technology: TechnologyMatch | undefined;
  kind: KindMatch | undefined;
  data: DataClassMatch[];
}

/**
 * The catalog's matches for labels, kept by `labelPattern` for one `inferModel` call. Labels
 * that differ only in words no table lists share an entry, so the many 'Worker 17'-style labels
 * of a big diagram are matched once each kind, not once each.
 */
export class LabelMatcher {
  readonly #byPattern = new Map<string, LabelMatches>();

  matches(label: string): LabelMatches {
    const words = tokenizeLabel(label);
    const pattern = labelPattern(words);
    let matches = this.#byPattern.get(pattern);
    if (!matches) {
      matches = {
        technology: matchTechnologyInWords(words),
        kind: matchKindInWords(words),
        data: matchDataClassesInWords(words),
      };
      this.#byPattern.set(pattern, matches);
    }
    return matches;
  }
}

/** Fills a component's type, kind, technology, data and security defaults from what it says. */
export function inferComponent(component: Component, matcher: LabelMatcher): void {
  inferFromShape(component);
  const matches = matcher.matches(component.name);
  const technology = identifyTechnology(component, matches.technology);
  if (technology) applyTechnology(component, technology);
  else inferKindFromLabel(component, matches.kind);
  applyKindDefaults(component);
  alignTypeWithKind(component);
  inferDataFromLabel(component, matches.data);
}

/** A kind named by a hint or declaration implies the DFD type when nothing else said it. */
function alignTypeWithKind(component: Component): void {
  const { kind, type } = component;
  if (type.source !== 'assumed' || kind.value === 'unknown') return;
  component.type = {
    value: KIND_TYPES[kind.value],
    source: kind.source,
    reason: `a ${kind.value.replace(/-/g, ' ')} is a ${KIND_TYPES[kind.value]}`,
  };
}

function inferFromShape(component: Component): void {
  const type = component.shape ? SHAPE_TYPES[component.shape] : undefined;
  if (!type) return;
  offerFact(component, 'type', {
    value: type,
    source: 'label',
    reason: `drawn as ${component.shape === 'cylinder' ? 'a cylinder' : 'an actor'}`,
  });
}

function identifyTechnology(
  component: Component,
  match: TechnologyMatch | undefined,
): Technology | undefined {
  const declared = component.technology?.value;
  if (declared !== undefined) return findTechnologyById(declared);

  if (!match) return undefined;
  component.technology = {
    value: match.technology.id,
    source: 'label',
    reason: `label '${component.name}' names ${match.technology.name}`,
  };
  return match.technology;
}

function applyTechnology(component: Component, technology: Technology): void {
  const because = `the catalog lists ${technology.name} as kind '${technology.kind}'`;
  offerFact(component, 'kind', { value: technology.kind, source: 'technology', reason: because });
  offerFact(component, 'type', { value: technology.type, source: 'technology', reason: because });

  const { defaults } = technology;
  if (defaults.authentication !== undefined) {
    offerFact(component, 'authentication', {
      value: defaults.authentication,
      source: 'technology',
      reason: noteOf(technology, 'authentication'),
    });
  }
  if (defaults.encryptionAtRest !== undefined) {
    offerFact(component, 'encryptionAtRest', {
      value: defaults.encryptionAtRest,
      source: 'technology',
      reason: noteOf(technology, 'encryptionAtRest'),
    });
  }
}

/** The catalog's note on a default, prefixed with the product it speaks of. */
export function noteOf(technology: Technology, fact: keyof Technology['defaults']): string {
  const note = technology.notes[fact];
  return note ? `${technology.name}: ${note}` : `${technology.name}'s default`;
}

function inferKindFromLabel(component: Component, match: KindMatch | undefined): void {
  if (!match) return;
  const reason = `label '${component.name}' says '${match.matched}'`;
  offerFact(component, 'kind', { value: match.kind, source: 'label', reason });
  offerFact(component, 'type', { value: match.type, source: 'label', reason });
}

function applyKindDefaults(component: Component): void {
  const defaults = KIND_DEFAULTS[component.kind.value];
  if (!defaults) return;
  offerFact(component, 'authentication', {
    value: defaults.authentication,
    source: 'assumed',
    reason: defaults.why,
  });
}

function inferDataFromLabel(component: Component, matches: readonly DataClassMatch[]): void {
  if (component.data.value.length > 0 && component.data.source !== 'assumed') return;
  if (matches.length === 0) return;
  const words = [...new Set(matches.map((m) => m.matched))];
  component.data = {
    value: [...new Set(matches.map((m) => m.dataClass))].sort(),
    source: 'label',
    reason: `label '${component.name}' says '${words.join("', '")}'`,
  };
}
