import { echoInput } from './echo-input.js';

/** Flow IDs for inputs that do not name flows: 'from->to', then 'from->to#2' for repeats. */
export function createFlowIdAllocator(): (from: string, to: string) => string {
  const counts = new Map<string, number>();
  return (from, to) => {
    const base = `${from}->${to}`;
    const count = (counts.get(base) ?? 0) + 1;
    counts.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  };
}

/** Lists known IDs in a message without flooding it. */
export function knownList(ids: Iterable<string>, limit = 10): string {
  const all = [...ids];
  if (all.length === 0) return 'none';
  const shown = all
    .slice(0, limit)
    .map((id) => echoInput(id))
    .join(', ');
  return all.length > limit ? `${shown}, ... ${all.length - limit} more` : shown;
}
