// Load check for `strider serve`: a bounded flood of requests on loopback against the built
// server in a child process. Run with `npm run bench:serve` (builds first). Prints requests
// per second, p50/p99 latency, 429s and the server's memory before and after; fails if the
// server stops answering. Numbers go in notes, not in tests: they depend on the machine.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticDiagram } from './synthetic-diagram.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Every phase stops issuing requests after this long, whatever its count. */
const PHASE_LIMIT_MS = 20_000;
const NODES = Number(process.env.BENCH_NODES ?? 200);

const PHASES = [
  // Real work: a mid-size diagram through the engine, more callers than workers.
  { name: `analyze ${NODES}-node diagram`, requests: 400, concurrency: 16, kind: 'analyze' },
  // A flood of cheap calls, far over the rate limit: most must come back 429, quickly.
  { name: 'flood GET /rules', requests: 20_000, concurrency: 64, kind: 'flood' },
];

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** Starts `strider serve` on a free loopback port and resolves with its URL. */
function startServer(env) {
  const child = spawn(process.execPath, ['bin/strider.js', 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let requestLines = 0;
  const url = new Promise((resolve, reject) => {
    let buffer = '';
    child.stderr.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        const entry = JSON.parse(line);
        if (entry.msg === 'listening') resolve(entry.url);
        if (entry.msg === 'request') requestLines++;
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return { child, url, requestLines: () => requestLines };
}

async function runPhase(url, key, phase, body) {
  const latencies = [];
  const statuses = new Map();
  let issued = 0;
  const started = performance.now();
  const deadline = started + PHASE_LIMIT_MS;
  const request =
    phase.kind === 'analyze'
      ? () =>
          fetch(`${url}/api/v1/analyze`, {
            method: 'POST',
            headers: { 'Authorization': `Bearer ${key}`, 'Content-Type': 'application/json' },
            body,
          })
      : () => fetch(`${url}/api/v1/rules`, { headers: { Authorization: `Bearer ${key}` } });
  async function caller() {
    while (issued < phase.requests && performance.now() < deadline) {
      issued++;
      const sent = performance.now();
      const response = await request();
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: phase.concurrency }, caller));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    phase: phase.name,
    requests: latencies.length,
    seconds: round(seconds),
    perSecond: round(latencies.length / seconds),
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
  };
}

function round(value) {
  return Math.round(value * 10) / 10;
}

const key = randomBytes(32).toString('hex');
const dir = mkdtempSync(path.join(tmpdir(), 'strider-bench-'));
const server = startServer({
  STRIDER_API_KEYS: `bench:${createHash('sha256').update(key).digest('hex')}`,
  STRIDER_DATABASE: path.join(dir, 'bench.sqlite'),
  // 100 a second: above what the analyses reach, far below the flood.
  STRIDER_RATE_LIMIT: '6000',
  STRIDER_RATE_BURST: '200',
  STRIDER_WORKERS: process.env.BENCH_WORKERS ?? '4',
});
try {
  const url = await server.url;
  const body = JSON.stringify({
    input: syntheticDiagram(NODES, 40),
    file: 'bench.mmd',
    output: 'json',
  });
  const rss = [rssKb(server.child.pid)];
  const results = [];
  for (const phase of PHASES) {
    results.push(await runPhase(url, key, phase, body));
    rss.push(rssKb(server.child.pid));
  }
  const health = await fetch(`${url}/api/v1/health`);

  console.log(
    `strider serve load check: ${NODES}-node diagram (${body.length} bytes), ` +
      `${process.env.BENCH_WORKERS ?? 4} workers, phases capped at ${PHASE_LIMIT_MS / 1000} s`,
  );
  for (const r of results) {
    console.log(
      `${r.phase.padEnd(28)} ${String(r.requests).padStart(6)} req in ` +
        `${r.seconds} s = ${r.perSecond} req/s; p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms; ` +
        `status ${JSON.stringify(r.statuses)}`,
    );
  }
  const mb = rss.map((kb) => `${Math.round(kb / 1024)} MB`);
  console.log(
    `server RSS ${mb[0]} at start, ${mb.slice(1).join(' and ')} after each phase; ` +
      `health ${health.status}; ${server.requestLines()} request log lines`,
  );
  if (health.status !== 200) process.exitCode = 1;
} finally {
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
