import { parse, stringify } from 'yaml';

export type HintSection = 'components' | 'flows';
type HintValues = Record<string, unknown>;
type HintsDocument = Partial<Record<HintSection | 'zones', Record<string, HintValues>>>;

/**
 * Writes changed facts of one element into the hints text, keeping everything else in it.
 * A value of undefined removes that fact from the hints, so inference decides again.
 * Returns undefined when the current text is not a readable hints mapping.
 */
export function withHints(
  text: string,
  section: HintSection,
  id: string,
  changes: Record<string, unknown>,
): string | undefined {
  let document: HintsDocument;
  try {
    const parsed: unknown = text.trim() ? parse(text) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    document = parsed as HintsDocument;
  } catch {
    return undefined;
  }
  const entries = (document[section] ??= {});
  const values: HintValues = { ...(entries[id] ?? {}) };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete values[field];
    else values[field] = value;
  }
  if (Object.keys(values).length > 0) entries[id] = values;
  else delete entries[id];
  if (Object.keys(entries).length === 0) delete document[section];
  return Object.keys(document).length === 0 ? '' : stringify(document);
}
