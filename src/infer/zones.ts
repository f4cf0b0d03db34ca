import type { TrustLevel } from '../model/types.js';
import { wordsOf } from './facts.js';

/**
 * Trust levels named by zone titles. Phrases come first so 'Public Subnet' (an edge subnet in
 * cloud parlance) is not read as the public internet.
 */
const ZONE_PHRASES: readonly [string, TrustLevel][] = [
  ['public subnet', 'dmz'],
  ['private subnet', 'internal'],
  ['data tier', 'restricted'],
  ['data zone', 'restricted'],
  ['third party', 'untrusted'],
];

const ZONE_WORDS: Readonly<Record<string, TrustLevel>> = {
  internet: 'untrusted',
  public: 'untrusted',
  external: 'untrusted',
  outside: 'untrusted',
  untrusted: 'untrusted',
  users: 'untrusted',
  clients: 'untrusted',
  client: 'untrusted',
  world: 'untrusted',
  dmz: 'dmz',
  edge: 'dmz',
  perimeter: 'dmz',
  ingress: 'dmz',
  restricted: 'restricted',
  data: 'restricted',
  database: 'restricted',
  databases: 'restricted',
  storage: 'restricted',
  secure: 'restricted',
  pci: 'restricted',
  vault: 'restricted',
  vpc: 'internal',
  vnet: 'internal',
  private: 'internal',
  internal: 'internal',
  intranet: 'internal',
  backend: 'internal',
  application: 'internal',
  app: 'internal',
  services: 'internal',
  cluster: 'internal',
  trusted: 'internal',
  corporate: 'internal',
  subnet: 'internal',
};

/** The trust level a zone's name implies, and the words that implied it. */
export function trustFromZoneName(
  name: string,
): { trust: TrustLevel; matched: string } | undefined {
  const words = wordsOf(name);
  const joined = ` ${words.join(' ')} `;
  for (const [phrase, trust] of ZONE_PHRASES) {
    if (joined.includes(` ${phrase} `)) return { trust, matched: phrase };
  }
  for (const word of words) {
    const trust = ZONE_WORDS[word];
    if (trust) return { trust, matched: word };
  }
  return undefined;
}
