import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, understand } from '../src/engine/pipeline.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The shared reference material CI provides beside the checkout; absent in other clones. */
export const SHARED = path.resolve(REPO_ROOT, '../shared');
export const HAS_SHARED = existsSync(SHARED);
export const SHARED_ABSENT_NOTE = `skipped: ${SHARED} is absent (shared reference material)`;

export function modelOf(yaml: string, file = 'model.yaml') {
  return understand({ text: yaml, file }).model;
}

export function threatsOf(text: string, file = 'model.yaml') {
  return analyze({ text, file }).report.threats;
}

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED, ...parts);
}
