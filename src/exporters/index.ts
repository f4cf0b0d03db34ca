import { inputError } from '../model/problems.js';
import type { Exporter } from './exporter.js';
import { otmExporter } from './otm.js';
import { threatDragonExporter } from './threat-dragon.js';

/** Formats `strider export` writes, for other threat modeling tools to open. */
export const EXPORTERS: readonly Exporter[] = [threatDragonExporter, otmExporter];

export function exporterFor(format: string): Exporter {
  const exporter = EXPORTERS.find((candidate) => candidate.format === format);
  if (exporter) return exporter;
  const known = EXPORTERS.map((candidate) => candidate.format).join(', ');
  const message = `unknown export format '${format}' (known: ${known})`;
  throw inputError({ code: 'unknown-format', message });
}

export type { ExportInput, Exporter } from './exporter.js';
export { otmExporter } from './otm.js';
export { threatDragonExporter } from './threat-dragon.js';
