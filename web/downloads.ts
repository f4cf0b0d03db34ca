import type { Analysis } from '../src/index.js';
import { REPORT_FORMATS, REPORT_FORMAT_NAMES } from '../src/server/report-formats.js';
import { download, el } from './dom.js';

export interface DownloadSource {
  analysis: () => Analysis | undefined;
  input: () => { text: string; file?: string };
  hints: () => string;
}

/**
 * One button per report format (the same table the API renders from), and one for the hints.
 * Rendering happens on click, in the page.
 */
export function downloadButtons(source: DownloadSource): HTMLButtonElement[] {
  const reports = REPORT_FORMAT_NAMES.map((name) => {
    const format = REPORT_FORMATS[name];
    const button = el('button', { 'type': 'button', 'data-format': name }, format.label);
    button.addEventListener('click', async () => {
      const analysis = source.analysis();
      if (!analysis) return;
      const text = await format.render({
        report: analysis.report,
        model: analysis.model,
        inputFormat: analysis.format,
        source: source.input(),
        warnings: analysis.warnings,
      });
      download(`${baseName(source.input().file)}.${format.extension}`, text, format.contentType);
    });
    return button;
  });
  const hints = el('button', { 'type': 'button', 'data-format': 'hints' }, 'Hints (YAML)');
  hints.addEventListener('click', () => {
    download(`${baseName(source.input().file)}.hints.yaml`, source.hints(), 'text/yaml');
  });
  return [...reports, hints];
}

function baseName(file: string | undefined): string {
  if (!file) return 'threat-report';
  return file.replace(/\.[^.]+$/, '') || 'threat-report';
}
