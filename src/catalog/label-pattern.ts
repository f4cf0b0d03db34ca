import { DATA_WORDS } from './data-classes.js';
import { KIND_WORDS } from './kind-words.js';
import { TECHNOLOGIES, tokenizeLabel } from './technologies.js';

/** Every word of every phrase the label matchers look for. */
const PHRASE_WORDS: ReadonlySet<string> = new Set(
  [
    ...TECHNOLOGIES.flatMap((technology) => technology.names),
    ...KIND_WORDS.map((word) => word.phrase),
    ...DATA_WORDS.map((word) => word.phrase),
  ].flatMap(tokenizeLabel),
);

/**
 * What the label matchers (`matchTechnologyInWords`, `matchKindInWords`,
 * `matchDataClassesInWords`) can see of a label's words: the words their phrases hold, in
 * place, with every other word blanked. A phrase matches only words it holds, so labels with
 * one pattern get one answer from each matcher, and callers may keep answers by pattern:
 * 'App Service 1' and 'App Service 2' both read `app service _`.
 */
export function labelPattern(words: readonly string[]): string {
  let pattern = '';
  for (const word of words) pattern += PHRASE_WORDS.has(word) ? `${word} ` : '_ ';
  return pattern;
}
