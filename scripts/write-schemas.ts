import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HINTS_SCHEMA, MODEL_SCHEMA } from '../src/model/schema.js';

/** The published schemas, as editors read them; generated from the ones the loader uses. */
export const SCHEMA_FILES = {
  'strider-model.schema.json': MODEL_SCHEMA,
  'strider-hints.schema.json': HINTS_SCHEMA,
} as const;

export function schemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema');
  for (const [name, schema] of Object.entries(SCHEMA_FILES)) {
    writeFileSync(path.join(dir, name), schemaText(schema));
  }
}
