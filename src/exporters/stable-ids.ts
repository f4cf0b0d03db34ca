import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * A UUID derived from `text`, the same on every run: version 8 (RFC 9562's custom layout),
 * so tools that expect UUIDs accept it and exports do not change from one run to the next.
 */
export function stableUuid(text: string): string {
  const hex = bytesToHex(sha256(utf8ToBytes(text)))
    .slice(0, 32)
    .split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
