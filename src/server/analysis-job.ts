import { analyze, type SourceText } from '../engine/pipeline.js';
import { applyRiskDecisions } from '../engine/risks.js';
import type { AnalysisReport } from '../engine/threat.js';
import type { Problem } from '../model/problems.js';
import { parseRiskFile } from '../model/risks.js';
import { VERSION } from '../cli/version.js';
import { REPORT_FORMATS, type ReportFormatName } from './report-formats.js';

/** One analysis, as a request asks for it; plain data, so it can cross into a worker. */
export interface AnalysisJob {
  input: SourceText;
  /** An importer format; undefined detects it. */
  format?: string;
  hints?: SourceText;
  page?: string;
  /** A risk-decision file, and the date its decisions expire against (YYYY-MM-DD). */
  risks?: SourceText;
  today: string;
  /** The report format to render; undefined renders nothing (saving needs only the data). */
  output?: ReportFormatName;
  top?: number;
  maxInput: number;
}

export interface AnalysisOutcome {
  inputFormat: string;
  report: AnalysisReport;
  warnings: Problem[];
  rendered?: { format: ReportFormatName; contentType: string; text: string };
}

/**
 * Reads, analyzes and renders one input. The pipeline and the risk-file parser check every text
 * for depth before a parser sees it: past a few thousand levels the YAML parser can abort the
 * whole process.
 */
export async function runAnalysisJob(job: AnalysisJob): Promise<AnalysisOutcome> {
  const analysis = analyze(job.input, {
    format: job.format,
    hints: job.hints,
    page: job.page,
    maxInput: job.maxInput,
  });
  let { report } = analysis;
  const warnings = [...analysis.warnings];
  if (job.risks) {
    const decided = applyRiskDecisions(report, parseRiskFile(job.risks.text, job.risks.file), {
      today: job.today,
    });
    report = decided.report;
    warnings.push(...decided.warnings);
  }
  const outcome: AnalysisOutcome = { inputFormat: analysis.format, report, warnings };
  if (job.output === undefined) return outcome;
  const format = REPORT_FORMATS[job.output];
  const text = await format.render({
    report,
    model: analysis.model,
    inputFormat: analysis.format,
    source: job.input,
    warnings,
    top: job.top,
    page: job.page,
    toolVersion: VERSION,
  });
  return { ...outcome, rendered: { format: job.output, contentType: format.contentType, text } };
}
