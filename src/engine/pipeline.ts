import { IMPORTERS, importerFor } from '../importers/index.js';
import { inferModel } from '../infer/index.js';
import { applyHints } from '../model/hints.js';
import { checkNesting } from '../model/nesting.js';
import { inputError, type Problem } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';
import { analyzeModel } from './analyze.js';
import type { AnalysisReport } from './threat.js';

/** Inputs above this many characters are refused before parsing: 10 MB by default. */
export const DEFAULT_MAX_INPUT = 10 * 1024 * 1024;

export interface SourceText {
  text: string;
  /** Shown in problems and used to detect the format. */
  file?: string;
}

export interface UnderstandOptions {
  /** Force an input format instead of detecting it. */
  format?: string;
  hints?: SourceText;
  maxInput?: number;
  /** One page or diagram of a multi-page input, by name or one-based index. */
  page?: string;
  /** More files read as part of the same input (compose overrides, Kubernetes manifests). */
  extraInputs?: SourceText[];
  /** An env file for `${VAR}` interpolation (compose). */
  env?: SourceText;
}

export interface Understanding {
  model: ThreatModel;
  format: string;
  warnings: Problem[];
}

/** Text in, the inferred model out: import, overlay hints, infer. No I/O. */
export function understand(input: SourceText, options: UnderstandOptions = {}): Understanding {
  const limit = options.maxInput ?? DEFAULT_MAX_INPUT;
  const extraInputs = options.extraInputs ?? [];
  for (const source of [input, ...extraInputs, options.hints, options.env]) {
    if (source && source.text.length > limit) {
      throw inputError({
        code: 'too-large',
        message: `refused: input is ${source.text.length} characters, over the limit of ${limit}`,
        file: source.file,
      });
    }
    // Parsers recurse per level: absurd nesting is refused before any of them sees the text.
    if (source) checkNesting(source.text, source.file);
  }
  const importer = importerFor(input.text, input.file, options.format);
  if (extraInputs.length > 0 && !importer.severalInputs) {
    const several = IMPORTERS.filter((i) => i.severalInputs).map((i) => i.format);
    throw inputError({
      code: 'one-input-only',
      message:
        `${importer.format} reads one file, got ${extraInputs.length + 1}; formats ` +
        `that may span several files: ${several.join(', ')}`,
      file: extraInputs[0]!.file,
    });
  }
  const { model, warnings } = importer.parse(input.text, {
    file: input.file,
    page: options.page,
    extraInputs,
    env: options.env,
  });
  if (options.page !== undefined && !importer.hasPages) {
    warnings.push({
      severity: 'warning',
      code: 'page-ignored',
      message: `--page ignored: ${importer.format} inputs have no pages`,
      file: input.file,
    });
  }
  if (options.hints) applyHints(model, options.hints.text, options.hints.file);
  if (model.components.length === 0) {
    // Not an error (an empty diagram has no threats), but a truncated file must not pass unseen.
    warnings.push({
      severity: 'warning',
      code: 'empty-model',
      message: 'the input describes no components',
      file: input.file,
    });
  }
  inferModel(model);
  return { model, format: importer.format, warnings };
}

export interface Analysis extends Understanding {
  report: AnalysisReport;
}

/** Text in, threats out. */
export function analyze(input: SourceText, options: UnderstandOptions = {}): Analysis {
  const understanding = understand(input, options);
  return { ...understanding, report: analyzeModel(understanding.model) };
}
