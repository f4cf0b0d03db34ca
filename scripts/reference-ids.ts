import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The facts Strider's references are checked against, read from the official exports in
 * ../shared/refs: every ASVS 5.0.0 and 4.0.3 requirement ID, and every CWE ID with MITRE's
 * mapping usage. Only IDs and usage words are kept.
 */
export interface ReferenceIds {
  asvs5: string[];
  asvs4: string[];
  /** CWE number to mapping usage: Allowed, Allowed-with-Review, Discouraged, Prohibited. */
  cwe: Record<string, string>;
}

export function readReferenceIds(refsDir: string): ReferenceIds {
  const flat = (file: string) =>
    (
      JSON.parse(readFileSync(path.join(refsDir, file), 'utf8')) as {
        requirements: { req_id: string; req_description: string }[];
      }
    ).requirements;
  const asvs4 = flat('asvs-4.0.3-en.flat.json')
    .filter((r) => !r.req_description.startsWith('[DELETED'))
    .map((r) => r.req_id);
  const cwe: Record<string, string> = {};
  const lines = readFileSync(path.join(refsDir, 'cwe-4.15-list.csv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const id = line.split(',', 1)[0];
    const usage = line.match(/,(Allowed-with-Review|Allowed|Discouraged|Prohibited),/)?.[1];
    if (id && usage) cwe[id] = usage;
  }
  return { asvs5: flat('asvs-5.0.0_en.flat.json').map((r) => r.req_id), asvs4, cwe };
}

/** `tsx scripts/reference-ids.ts` refreshes the snapshot the tests use when shared/ is absent. */
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const ids = readReferenceIds(path.resolve(root, '../shared/refs'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    path.join(root, 'test/fixtures/reference-ids.json'),
    `${JSON.stringify(ids, null, 1)}\n`,
  );
}
