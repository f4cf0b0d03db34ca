import type { Problem } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';

export interface ImportOptions {
  /** The input's file name, used in problems and to detect the format. */
  file?: string;
  /** One page (draw.io) or diagram (Threat Dragon) to read, by name or one-based index. */
  page?: string;
  /** More files of the same input, read after the first (compose overrides, manifests). */
  extraInputs?: readonly ImportText[];
  /** Variables for `${VAR}` interpolation, as an env file (compose). */
  env?: ImportText;
}

/** A file's text and name, as importers receive their inputs. */
export interface ImportText {
  text: string;
  file?: string;
}

export interface ImportResult {
  model: ThreatModel;
  /** Things skipped or doubtful that did not stop the import. */
  warnings: Problem[];
}

/**
 * One input format. `parse` is pure: text in, model out; it throws `InputError` when nothing
 * usable is left, and leaves gaps for inference to fill (facts it sets itself are 'declared',
 * or 'assumed' placeholders that inference may replace).
 */
export interface Importer {
  format: string;
  description: string;
  /** Whether the format has pages or diagrams that the `page` option can choose from. */
  hasPages?: boolean;
  /** Whether it reads several files as one input (`extraInputs`); others refuse them. */
  severalInputs?: boolean;
  /** Whether the text looks like this format; `file` may be undefined for pasted text. */
  detect(text: string, file?: string): boolean;
  parse(text: string, options?: ImportOptions): ImportResult;
}
