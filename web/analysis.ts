import { analyze, InputError, type Analysis, type Problem } from '../src/index.js';
import { checkNesting } from '../src/model/nesting.js';

export interface PageInput {
  text: string;
  /** The name of a file opened or dropped; pasted text has none. */
  file?: string;
  /** An importer format, or undefined to detect it. */
  format?: string;
  hints: string;
}

export type PageAnalysis =
  { ok: true; analysis: Analysis; elapsedMs: number } | { ok: false; problems: Problem[] };

/**
 * Runs the engine on the page's text, as the CLI would on a file: the same pipeline, so the
 * page and `strider analyze` give the same report. Only problems the user can fix come back
 * as problems; anything else is shown as an internal error.
 */
export function analyzePage(input: PageInput): PageAnalysis {
  const started = performance.now();
  const hints = input.hints.trim() ? { text: input.hints, file: 'hints.yaml' } : undefined;
  try {
    checkNesting(input.text, input.file);
    if (hints) checkNesting(hints.text, hints.file);
    const analysis = analyze(
      { text: input.text, file: input.file },
      {
        format: input.format,
        hints,
      },
    );
    return { ok: true, analysis, elapsedMs: performance.now() - started };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, problems: error.problems };
    const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      ok: false,
      problems: [{ severity: 'error', code: 'internal', message: `internal error: ${name}` }],
    };
  }
}
