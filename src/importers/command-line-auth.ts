/**
 * What a container's command line says about client authentication. A server started with
 * `--requirepass` asks for a password whatever its technology's default is; one started with
 * `--noauth` is known to ask for none.
 */
import type { Component, Fact } from '../model/types.js';
import { declared } from './model-parts.js';

interface AuthFlag {
  authentication: boolean;
  /** Programs the flag belongs to: it counts when one of them is on the command line... */
  programs: readonly string[];
  /** ...or when the image already names the technology (the image's entrypoint runs it). */
  technologies: readonly string[];
  meaning: string;
}

/** Flags whose meaning is the same in every version of the program that takes them. */
export const AUTH_FLAGS = {
  '--requirepass': {
    authentication: true,
    programs: ['redis-server', 'valkey-server', 'keydb-server'],
    technologies: ['redis', 'valkey'],
    meaning: 'clients must send a password',
  },
  '--auth': {
    authentication: true,
    programs: ['mongod'],
    technologies: ['mongodb'],
    meaning: 'access control is on',
  },
  '--keyfile': {
    authentication: true,
    programs: ['mongod'],
    technologies: ['mongodb'],
    meaning: 'a key file turns access control on',
  },
  '--noauth': {
    authentication: false,
    programs: ['mongod'],
    technologies: ['mongodb'],
    meaning: 'access control is off',
  },
  '--skip-grant-tables': {
    authentication: false,
    programs: ['mysqld', 'mariadbd'],
    technologies: ['mysql', 'mariadb'],
    meaning: 'anyone may connect without a password',
  },
  '--enable-sasl': {
    authentication: true,
    programs: ['memcached'],
    technologies: ['memcached'],
    meaning: 'clients must log in with SASL',
  },
} as const satisfies Record<string, AuthFlag>;

type FlagName = keyof typeof AUTH_FLAGS;

/**
 * The authentication a command line declares, or undefined when it says nothing about it.
 * `words` are the command's arguments as written: a list, or one string the shell splits.
 * A `sh -c "..."` argument is split too, so flags inside it count.
 */
export function authenticationFromCommand(
  words: readonly string[],
  technology: string | undefined,
  where: string,
): Fact<boolean> | undefined {
  const tokens = words.flatMap((word) => word.split(/[\s'"]+/)).filter((token) => token !== '');
  const programs = new Set(tokens.map((token) => token.split('/').pop()!));
  for (const token of tokens) {
    const name = token.split('=')[0]!.toLowerCase();
    if (!Object.hasOwn(AUTH_FLAGS, name)) continue;
    const flag: AuthFlag = AUTH_FLAGS[name as FlagName];
    const applies =
      flag.programs.some((program) => programs.has(program)) ||
      (technology !== undefined && flag.technologies.includes(technology));
    if (!applies) continue;
    return declared(flag.authentication, `${where} passes ${name}: ${flag.meaning}`);
  }
  return undefined;
}

/** Sets the component's authentication from its command line, when that says anything. */
export function readCommandLineAuth(
  component: Component,
  words: readonly string[],
  where: string,
): void {
  const fact = authenticationFromCommand(words, component.technology?.value, where);
  if (fact) component.authentication = fact;
}
