import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/pipeline.js';

/**
 * Property: the report depends on the model, not on the order its lines are written in.
 * Shuffles the edge lines of a diagram with a seeded generator and compares the threats.
 */
const NODES = [
  'user[User]',
  'waf[WAF]',
  'gw((API Gateway))',
  'app[Orders Service]',
  'cache[(Redis Cache)]',
  'db[(Customer DB)]',
  'logs[Log Service]',
  'mq[(RabbitMQ)]',
];
const EDGES = [
  'user --> waf',
  'waf -->|HTTPS| gw',
  'gw --> app',
  'gw --> cache',
  'app -- SQL --> db',
  'app --> logs',
  'app -->|AMQP| mq',
  'mq --> logs',
];

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function signature(text: string) {
  return analyze({ text, file: 'd.mmd' }).report.threats.map((t) => ({
    id: t.id,
    fingerprint: t.fingerprint,
    score: t.score,
    components: [...t.components].sort(),
  }));
}

describe('determinism', () => {
  const reference = signature(['graph LR', ...NODES, ...EDGES].join('\n'));

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'gives the same threats when lines are shuffled (seed %i)',
    (seed) => {
      const text = ['graph LR', ...NODES, ...shuffled(EDGES, seed)].join('\n');
      expect(signature(text)).toEqual(reference);
    },
  );
});
