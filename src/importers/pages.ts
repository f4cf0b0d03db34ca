import { inputError } from '../model/problems.js';
import { knownList } from '../model/ids.js';

/**
 * The indexes of the pages to read: all of them, or the one `choice` names. A name matches
 * exactly first; otherwise a whole number counts pages from 1, as draw.io's tabs do.
 */
export function choosePages(
  names: readonly string[],
  choice: string | undefined,
  what: 'page' | 'diagram',
  file?: string,
): number[] {
  if (choice === undefined) return names.map((_, index) => index);
  const byName = names.indexOf(choice);
  if (byName !== -1) return [byName];
  if (/^\d+$/.test(choice)) {
    const index = Number(choice) - 1;
    if (index >= 0 && index < names.length) return [index];
  }
  const listed = knownList(names.map((name, index) => `${index + 1} '${name}'`));
  throw inputError({
    code: 'unknown-page',
    message: `no ${what} '${choice}': choose one by name or number (${listed})`,
    file,
  });
}
