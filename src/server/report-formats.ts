import type { SourceText } from '../engine/pipeline.js';
import type { AnalysisReport } from '../engine/threat.js';
import { otmExporter, threatDragonExporter } from '../exporters/index.js';
import type { Problem } from '../model/problems.js';
import type { ThreatModel } from '../model/types.js';
import { renderHtmlReport } from '../renderers/html.js';
import { renderJson } from '../renderers/json.js';
import { renderMarkdown } from '../renderers/markdown.js';
import { renderSarif } from '../renderers/sarif.js';

/** Everything a report format may draw on; one analysis, rendered any way. */
export interface RenderInput {
  report: AnalysisReport;
  model: ThreatModel;
  /** The importer format that read the input. */
  inputFormat: string;
  source: SourceText;
  warnings: Problem[];
  top?: number;
  page?: string;
  toolVersion?: string;
}

export interface ReportFormat {
  label: string;
  extension: string;
  contentType: string;
  render(input: RenderInput): string | Promise<string>;
}

/**
 * The outputs the API and the web page offer, by the name clients ask for. Node-free: the web
 * page bundles this table too, so both offer the same formats rendered by the same code.
 */
export const REPORT_FORMATS = {
  'md': {
    label: 'Markdown',
    extension: 'md',
    contentType: 'text/markdown; charset=utf-8',
    render: ({ report, top }) => withNewline(renderMarkdown(report, { top })),
  },
  'json': {
    label: 'JSON',
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    render: ({ report, top, warnings }) => renderJson(report, { top, warnings }),
  },
  'sarif': {
    label: 'SARIF',
    extension: 'sarif',
    contentType: 'application/sarif+json; charset=utf-8',
    render: ({ report, model, source, top, warnings, toolVersion }) =>
      renderSarif(report, { model, input: source.file, top, warnings, toolVersion }),
  },
  'html': {
    label: 'HTML',
    extension: 'html',
    contentType: 'text/html; charset=utf-8',
    render: ({ report, model, top, warnings }) =>
      renderHtmlReport(report, { model, top, warnings }),
  },
  'threat-dragon': {
    label: 'Threat Dragon',
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    render: ({ source, inputFormat, model, report, page }) =>
      threatDragonExporter.write({ source, format: inputFormat, model, report, page }),
  },
  'otm': {
    label: 'OTM',
    extension: 'otm.json',
    contentType: 'application/json; charset=utf-8',
    render: ({ source, inputFormat, model, report, page }) =>
      otmExporter.write({ source, format: inputFormat, model, report, page }),
  },
} as const satisfies Record<string, ReportFormat>;

export type ReportFormatName = keyof typeof REPORT_FORMATS;

export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as ReportFormatName[];

export function isReportFormat(name: unknown): name is ReportFormatName {
  return typeof name === 'string' && Object.hasOwn(REPORT_FORMATS, name);
}

/** Files end with a newline, as the CLI writes them. */
export function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
