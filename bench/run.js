// Benchmark: synthetic Mermaid diagrams of growing size through every stage of the engine.
// Run with `npm run bench` (builds first). Prints one row per size; numbers go in notes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  analyzeModel,
  inferModel,
  importerFor,
  renderJson,
  renderMarkdown,
} from '../dist/index.js';
import { syntheticDiagram } from './synthetic-diagram.js';

const CLI = fileURLToPath(new URL('../bin/strider.js', import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000,100000').split(',').map(Number);
function time(fn) {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

function row(cells) {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 8 : 10)).join(' ');
}

console.log(
  row([
    'nodes',
    'parse ms',
    'infer ms',
    'analyze ms',
    'md ms',
    'json ms',
    'total ms',
    'threats',
    'heap MB',
    'rss MB',
  ]),
);
for (const size of SIZES) {
  const text = syntheticDiagram(size);
  globalThis.gc?.();
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const importer = importerFor(text, 'bench.mmd');
  const [imported, parseMs] = time(() => importer.parse(text, { file: 'bench.mmd' }));
  sample();
  const [model, inferMs] = time(() => inferModel(imported.model));
  sample();
  const [report, analyzeMs] = time(() => analyzeModel(model));
  sample();
  const [, mdMs] = time(() => renderMarkdown(report));
  const [, jsonMs] = time(() => renderJson(report));
  sample();
  const heap = process.memoryUsage().heapUsed / 1048576;
  const total = parseMs + inferMs + analyzeMs + mdMs + jsonMs;
  console.log(
    row([
      size,
      parseMs.toFixed(1),
      inferMs.toFixed(1),
      analyzeMs.toFixed(1),
      mdMs.toFixed(1),
      jsonMs.toFixed(1),
      total.toFixed(1),
      report.threats.length,
      heap.toFixed(0),
      (peakRss / 1048576).toFixed(0),
    ]),
  );
}

// What a user waits for: the CLI in a fresh process, start-up and cold code included, reading
// the diagram from a file and writing the Markdown report.
const CLI_SIZES = (process.env.BENCH_CLI_SIZES ?? '1000,10000').split(',').map(Number);
const workDir = mkdtempSync(path.join(tmpdir(), 'strider-bench-'));
console.log(`\n${row(['nodes', 'CLI ms'])}  (strider analyze <file> in a fresh process)`);
for (const size of CLI_SIZES) {
  const file = path.join(workDir, `synthetic-${size}.mmd`);
  writeFileSync(file, syntheticDiagram(size));
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'analyze', file], { encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`CLI failed on ${size} nodes: ${result.stderr}`);
  console.log(row([size, elapsed.toFixed(0)]));
}
rmSync(workDir, { recursive: true, force: true });
