import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.js';

/**
 * The engine (everything from input text to report text) runs in the CLI, the server and the
 * web page, so it may not reach for Node's file system, process or Buffer.
 */
const ENGINE_FOLDERS = [
  'catalog',
  'engine',
  'exporters',
  'importers',
  'infer',
  'model',
  'renderers',
  'rules',
];
const NODE_ONLY = /from 'node:|\bprocess\.|\bBuffer\.|\brequire\(/;

function sourcesIn(folder: string): string[] {
  return readdirSync(path.join(REPO_ROOT, 'src', folder), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join('src', folder, file));
}

describe('engine purity', () => {
  it.each(ENGINE_FOLDERS.flatMap(sourcesIn))('%s uses no Node-only API', (file) => {
    const offending = readFileSync(path.join(REPO_ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => NODE_ONLY.test(line) && !line.trimStart().startsWith('//'));
    expect(offending).toEqual([]);
  });
});
