/** The catalogs inference reads: technologies, kind words and data classes. */
export type { SecurityDefaults, Technology } from './technology.js';
export {
  PhraseIndex,
  TECHNOLOGIES,
  findTechnologyById,
  matchTechnologyByImage,
  matchTechnologyInLabel,
  matchTechnologyInWords,
  normalizeImageName,
  tokenizeLabel,
} from './technologies.js';
export type { PhraseHit, TechnologyMatch } from './technologies.js';
export { KIND_WORDS, matchKindInLabel, matchKindInWords } from './kind-words.js';
export type { KindMatch, KindWord } from './kind-words.js';
export {
  DATA_CLASSES,
  DATA_WORDS,
  isSensitiveLevel,
  matchDataClassesInLabel,
  matchDataClassesInWords,
  sensitivityOf,
} from './data-classes.js';
export type { DataClassMatch, DataWord } from './data-classes.js';
export { CWE_NAMES, cweName } from './cwe-names.js';
export { labelPattern } from './label-pattern.js';
