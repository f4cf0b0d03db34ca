import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, schemaText } from '../scripts/write-schemas.js';
import { REPO_ROOT } from './helpers.js';

describe('published JSON Schemas', () => {
  it.each(Object.entries(SCHEMA_FILES))(
    'schema/%s matches the loader (npm run schema)',
    (name, schema) => {
      expect(readFileSync(path.join(REPO_ROOT, 'schema', name), 'utf8')).toBe(schemaText(schema));
    },
  );
});
