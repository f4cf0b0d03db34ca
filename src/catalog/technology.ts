import type { ComponentKind, ElementType } from '../model/types.js';

/**
 * What a technology does out of the box. Each default that is set carries the sentence a
 * threat's Why quotes, so reports say where the belief comes from. Unset means unknown.
 */
export interface SecurityDefaults {
  /** Whether clients must authenticate with the shipped configuration. */
  authentication?: boolean;
  /** Whether connections are encrypted with the shipped configuration. */
  tls?: boolean;
  /** Whether it keeps data at rest (so encryption at rest matters). */
  storesData?: boolean;
  /** Whether it serves an administrative interface or console. */
  adminInterface?: boolean;
  /** Whether data at rest is encrypted by default (managed cloud stores often are). */
  encryptionAtRest?: boolean;
  /**
   * Whether it runs inside its caller's process or on its disk, with no network listener of its
   * own (SQLite, LevelDB, a local file system): network reachability does not apply to it.
   */
  embedded?: boolean;
}

export interface Technology {
  /** Stable kebab-case ID, used in models: 'redis', 'aws-s3'. */
  id: string;
  name: string;
  kind: ComponentKind;
  type: ElementType;
  /**
   * Lower-case words or phrases that name it in diagram labels ('redis', 'elasticache'). Matched
   * as whole words; longer phrases win over shorter ones.
   */
  names: string[];
  /** Container image names without tag or registry ('redis', 'bitnami/redis'). */
  images: string[];
  port?: number;
  protocol?: string;
  cloud?: 'aws' | 'gcp' | 'azure';
  defaults: SecurityDefaults;
  /** One sentence per default, in our words, e.g. why authentication is off by default. */
  notes: Partial<Record<keyof SecurityDefaults, string>>;
}
