import { FACT_SOURCES, type Fact, type FactSource } from '../model/types.js';

/** Whether a fact from `source` may replace `existing`: only a more certain source may. */
export function isStronger(source: FactSource, existing: Fact<unknown> | undefined): boolean {
  if (!existing) return true;
  return FACT_SOURCES.indexOf(source) < FACT_SOURCES.indexOf(existing.source);
}

/** Sets `target[key]` unless a fact at least as certain is already there. */
export function offerFact<T extends object, K extends keyof T>(
  target: T,
  key: K,
  fact: T[K] & Fact<unknown>,
): void {
  if (isStronger(fact.source, target[key] as Fact<unknown> | undefined)) target[key] = fact;
}

/** Splits a label into lower-case words, so 'HTTPS/JWT' gives ['https', 'jwt']. */
export function wordsOf(label: string): string[] {
  return label
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}
