import { inputError } from '../model/problems.js';
import { drawioImporter } from './drawio.js';
import type { Importer } from './importer.js';
import { mermaidImporter } from './mermaid.js';
import { striderModelImporter } from './strider-model.js';
import { threatDragonImporter } from './threat-dragon.js';

/** Detection tries these in order; the first whose `detect` says yes reads the input. */
export const IMPORTERS: readonly Importer[] = [
  striderModelImporter,
  mermaidImporter,
  threatDragonImporter,
  drawioImporter,
];

export function importerFor(text: string, file?: string, format?: string): Importer {
  if (format !== undefined) {
    const chosen = IMPORTERS.find((importer) => importer.format === format);
    if (!chosen) {
      throw inputError({
        code: 'unknown-format',
        message: `unknown input format '${format}' (known: ${formatNames()})`,
        file,
      });
    }
    return chosen;
  }
  const detected = IMPORTERS.find((importer) => importer.detect(text, file));
  if (detected) return detected;
  throw inputError({
    code: 'unknown-format',
    message: `cannot tell the input format; use --from with one of: ${formatNames()}`,
    file,
    line: 1,
    column: 1,
  });
}

function formatNames(): string {
  return IMPORTERS.map((importer) => importer.format).join(', ');
}

export type { Importer, ImportOptions, ImportResult } from './importer.js';
export { mermaidImporter } from './mermaid.js';
export { striderModelImporter } from './strider-model.js';
