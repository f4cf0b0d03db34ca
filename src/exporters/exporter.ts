import type { SourceText } from '../engine/pipeline.js';
import type { AnalysisReport } from '../engine/threat.js';
import type { ThreatModel } from '../model/types.js';

/** Everything an exporter may draw on: the input as read, the model and the threats. */
export interface ExportInput {
  /** The input text, for exporters that write back into the user's own file. */
  source: SourceText;
  /** The importer format that read the input: 'threat-dragon', 'mermaid'... */
  format: string;
  model: ThreatModel;
  report: AnalysisReport;
  /** The page or diagram the model was read from, when only one was. */
  page?: string;
}

/** One output format for another tool. `write` is pure: data in, file text out. */
export interface Exporter {
  format: string;
  description: string;
  write(input: ExportInput): string;
}
