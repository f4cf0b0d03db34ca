import { checkJsonSyntax } from '../model/json-syntax.js';
import { inputError } from '../model/problems.js';
import { composeImporter } from './compose.js';
import { drawioImporter } from './drawio.js';
import { graphIrImporter } from './graph-ir.js';
import type { Importer } from './importer.js';
import { kubernetesImporter } from './kubernetes.js';
import { mermaidImporter } from './mermaid.js';
import { otmImporter } from './otm.js';
import { striderModelImporter } from './strider-model.js';
import { threagileImporter } from './threagile.js';
import { threatDragonImporter } from './threat-dragon.js';
import { tmBomImporter } from './tm-bom.js';

/**
 * Detection tries these in order; the first whose `detect` says yes reads the input. Formats
 * with a distinctive top-level key come before Strider's own, whose `zones:` they may contain.
 */
export const IMPORTERS: readonly Importer[] = [
  threagileImporter,
  graphIrImporter,
  kubernetesImporter,
  composeImporter,
  tmBomImporter,
  striderModelImporter,
  mermaidImporter,
  threatDragonImporter,
  drawioImporter,
  otmImporter,
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
  // Broken JSON is no format at all: say where it breaks rather than that nothing claims it.
  checkJsonSyntax(text, file);
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

export type { Importer, ImportOptions, ImportResult, ImportText } from './importer.js';
export { composeImporter } from './compose.js';
export { graphIrImporter } from './graph-ir.js';
export { kubernetesImporter } from './kubernetes.js';
export { mermaidImporter } from './mermaid.js';
export { striderModelImporter } from './strider-model.js';
export { threagileImporter } from './threagile.js';
