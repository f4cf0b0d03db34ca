import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Severity } from '../engine/score.js';
import type { AnalysisReport } from '../engine/threat.js';

/** What a caller saves: the input as given, the hints, and the report it produced. */
export interface NewAnalysis {
  project: string;
  name?: string;
  /** The importer format that read the input. */
  format: string;
  input: { text: string; file?: string };
  hints?: { text: string; file?: string };
  report: AnalysisReport;
}

export interface AnalysisSummary {
  id: string;
  project: string;
  name: string | null;
  createdAt: string;
  format: string;
  file: string | null;
  threats: number;
  bySeverity: Record<Severity, number>;
}

export interface SavedAnalysis extends AnalysisSummary {
  input: string;
  hints: string | null;
  hintsFile: string | null;
  report: AnalysisReport;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Bumped with each change to the tables below; `migrate` brings older files forward. SQLite's
 * user_version pragma holds it in the file itself.
 */
const SCHEMA_VERSION = 1;

const CREATE_TABLES = `
  CREATE TABLE IF NOT EXISTS analyses (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    project TEXT NOT NULL,
    name TEXT,
    created_at TEXT NOT NULL,
    format TEXT NOT NULL,
    input_file TEXT,
    input_text TEXT NOT NULL,
    hints_file TEXT,
    hints_text TEXT,
    report_json TEXT NOT NULL,
    threat_count INTEGER NOT NULL,
    severity_json TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS analyses_by_project ON analyses (project, seq);
`;

interface Row {
  id: string;
  project: string;
  name: string | null;
  created_at: string;
  format: string;
  input_file: string | null;
  threat_count: number;
  severity_json: string;
}

interface FullRow extends Row {
  input_text: string;
  hints_file: string | null;
  hints_text: string | null;
  report_json: string;
}

const SUMMARY_COLUMNS =
  'id, project, name, created_at, format, input_file, threat_count, severity_json';

/**
 * Saved analyses in one SQLite file. Write-ahead logging and one transaction per write mean a
 * process stopped at any instant (even by SIGKILL) leaves either the old or the new state, and
 * readers never wait for writers. better-sqlite3 is synchronous: each call is short, and the
 * event loop is only held for the length of one small statement.
 */
export class AnalysisStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;

  private constructor(db: Database.Database, now: () => Date) {
    this.db = db;
    this.now = now;
  }

  /** Opens (creating if needed) the store at `file`; ':memory:' for one that dies with it. */
  static open(file: string, options: { now?: () => Date } = {}): AnalysisStore {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // FULL syncs the log on each commit: a saved analysis survives a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new AnalysisStore(db, options.now ?? (() => new Date()));
  }

  save(analysis: NewAnalysis): SavedAnalysis {
    const id = randomUUID();
    const bySeverity = countBySeverity(analysis.report);
    const insert = this.db.prepare(`
      INSERT INTO analyses (id, project, name, created_at, format, input_file, input_text,
        hints_file, hints_text, report_json, threat_count, severity_json)
      VALUES (@id, @project, @name, @createdAt, @format, @inputFile, @inputText,
        @hintsFile, @hintsText, @report, @threats, @bySeverity)`);
    this.db.transaction(() =>
      insert.run({
        id,
        project: analysis.project,
        name: analysis.name ?? null,
        createdAt: this.now().toISOString(),
        format: analysis.format,
        inputFile: analysis.input.file ?? null,
        inputText: analysis.input.text,
        hintsFile: analysis.hints?.file ?? null,
        hintsText: analysis.hints?.text ?? null,
        report: JSON.stringify(analysis.report),
        threats: analysis.report.threats.length,
        bySeverity: JSON.stringify(bySeverity),
      }),
    )();
    return this.get(id)!;
  }

  /** Newest first; `project` narrows the list to one project. */
  list(options: { project?: string; limit: number; offset: number }): Page<AnalysisSummary> {
    const where = options.project === undefined ? '' : 'WHERE project = @project';
    const params = { project: options.project, limit: options.limit, offset: options.offset };
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM analyses ${where}
        ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
      )
      .all(params) as Row[];
    const { total } = this.db
      .prepare(`SELECT count(*) AS total FROM analyses ${where}`)
      .get(params) as { total: number };
    return { items: rows.map(toSummary), total };
  }

  get(id: string): SavedAnalysis | undefined {
    const row = this.db.prepare('SELECT * FROM analyses WHERE id = ?').get(id) as
      FullRow | undefined;
    if (!row) return undefined;
    return {
      ...toSummary(row),
      input: row.input_text,
      hints: row.hints_text,
      hintsFile: row.hints_file,
      report: JSON.parse(row.report_json) as AnalysisReport,
    };
  }

  /** Whether there was such an analysis to delete. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM analyses WHERE id = ?').run(id).changes > 0;
  }

  /** Checks the file's structure: 'ok', or SQLite's list of what is wrong. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `the database was written by a newer Strider (schema ${version}, ` +
        `this one reads up to ${SCHEMA_VERSION})`,
    );
  }
  db.transaction(() => {
    db.exec(CREATE_TABLES);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function toSummary(row: Row): AnalysisSummary {
  return {
    id: row.id,
    project: row.project,
    name: row.name,
    createdAt: row.created_at,
    format: row.format,
    file: row.input_file,
    threats: row.threat_count,
    bySeverity: JSON.parse(row.severity_json) as Record<Severity, number>,
  };
}

function countBySeverity(report: AnalysisReport): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const threat of report.threats) counts[threat.severity]++;
  return counts;
}
