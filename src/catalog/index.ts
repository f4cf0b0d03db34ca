/** The catalogs inference reads: technologies, kind words and data classes. */
export type { SecurityDefaults, Technology } from './technology.js';
export {
  PhraseIndex,
  TECHNOLOGIES,
  findTechnologyById,
  matchTechnologyByImage,
  matchTechnologyInLabel,
  normalizeImageName,
  tokenizeLabel,
} from './technologies.js';
export type { PhraseHit, TechnologyMatch } from './technologies.js';
export { KIND_WORDS, matchKindInLabel } from './kind-words.js';
export type { KindMatch, KindWord } from './kind-words.js';
export {
  DATA_CLASSES,
  DATA_WORDS,
  isSensitive,
  isSensitiveLevel,
  matchDataClassesInLabel,
  sensitivityOf,
} from './data-classes.js';
export type { DataClassMatch, DataWord } from './data-classes.js';
export { CWE_NAMES, cweName } from './cwe-names.js';
