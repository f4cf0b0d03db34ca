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
  // The system's own services that the public calls: exposed, yet not the internet itself.
  ['public api', 'dmz'],
  ['public apis', 'dmz'],
  ['public website', 'dmz'],
  ['public facing', 'dmz'],
];

/**
 * Hosting phrases whose words would mislead: 'public' in 'Public Cloud' is rented
 * infrastructure, not the internet. Their words are set aside, and the phrase decides only when
 * no other word of the name does: 'Public Cloud DMZ' is a DMZ.
 */
const WEAK_PHRASES: readonly [string, TrustLevel][] = [
  ['public cloud', 'internal'],
  ['private cloud', 'internal'],
  ['data center', 'internal'],
  ['data centre', 'internal'],
];

/** Words that say where something is hosted, not how far it is trusted: a last resort. */
const WEAK_WORDS: Readonly<Record<string, TrustLevel>> = {
  cloud: 'internal',
  datacenter: 'internal',
  premises: 'internal',
  aws: 'internal',
  azure: 'internal',
  gcp: 'internal',
};

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
  let joined = ` ${wordsOf(name).join(' ')} `;
  for (const [phrase, trust] of ZONE_PHRASES) {
    if (joined.includes(` ${phrase} `)) return { trust, matched: phrase };
  }
  let weak: { trust: TrustLevel; matched: string } | undefined;
  for (const [phrase, trust] of WEAK_PHRASES) {
    if (!joined.includes(` ${phrase} `)) continue;
    weak ??= { trust, matched: phrase };
    joined = joined.replaceAll(` ${phrase} `, ' ');
  }
  const words = joined.trim().split(' ');
  for (const word of words) {
    const trust = ZONE_WORDS[word];
    if (trust) return { trust, matched: word };
  }
  if (weak) return weak;
  for (const word of words) {
    const trust = WEAK_WORDS[word];
    if (trust) return { trust, matched: word };
  }
  return undefined;
}
