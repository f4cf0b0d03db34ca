import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The Ajv options every validator is built with, at run time or ahead of it. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

/**
 * Names a schema by its content, so a validator compiled ahead of time is only ever used for
 * exactly the schema it was compiled from.
 */
export function schemaKey(schema: object): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(schema))));
}
