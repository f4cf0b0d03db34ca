import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { understand } from '../engine/pipeline.js';
import { HAS_SHARED, SHARED_ABSENT_NOTE, sharedPath } from '../../test/helpers.js';
import { authenticationFromCommand } from './command-line-auth.js';

function authOf(text: string, file: string, id: string) {
  const model = understand({ text, file }).model;
  return model.components.find((component) => component.id === id)?.authentication;
}

describe('authenticationFromCommand', () => {
  it('reads a flag inside a shell string, with or without a value after =', () => {
    const shell = ['sh', '-c', 'valkey-server --appendonly yes --requirepass $$PW'];
    expect(authenticationFromCommand(shell, undefined, 'cmd')).toEqual({
      value: true,
      source: 'declared',
      reason: 'cmd passes --requirepass: clients must send a password',
    });
    const equals = authenticationFromCommand(['/usr/bin/mongod', '--keyFile=/k'], undefined, 'x');
    expect(equals?.value).toBe(true);
  });

  it('declares authentication known absent for flags that turn it off', () => {
    expect(authenticationFromCommand(['mongod --noauth'], undefined, 'x')?.value).toBe(false);
    const mysql = authenticationFromCommand(['--skip-grant-tables'], 'mysql', 'x');
    expect(mysql?.value).toBe(false);
  });

  it('counts a bare flag when the image names the technology', () => {
    expect(authenticationFromCommand(['--requirepass', 's3cret'], 'redis', 'x')?.value).toBe(true);
  });

  it('ignores a flag of the same name given to another program', () => {
    expect(authenticationFromCommand(['myapp', '--auth', 'none'], undefined, 'x')).toBeUndefined();
    expect(authenticationFromCommand(['--requirepass', 'x'], 'postgresql', 'x')).toBeUndefined();
    expect(authenticationFromCommand(['redis-server', '--port', '6380'], 'redis', 'x')).toBe(
      undefined,
    );
  });
});

const COMPOSE = `services:
  cache:
    image: valkey/valkey:8
    command: ["sh", "-c", "valkey-server --requirepass $$REDIS_PASSWORD"]
  plain:
    image: redis:7
    command: redis-server --appendonly yes
`;

describe('compose command lines', () => {
  it('declares authentication from --requirepass over the technology default', () => {
    expect(authOf(COMPOSE, 'compose.yaml', 'cache')).toMatchObject({
      value: true,
      source: 'declared',
      reason: 'its command line passes --requirepass: clients must send a password',
    });
    expect(authOf(COMPOSE, 'compose.yaml', 'plain')).toMatchObject({
      value: false,
      source: 'technology',
    });
  });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: sessions }
spec:
  selector: { matchLabels: { app: sessions } }
  template:
    metadata: { labels: { app: sessions } }
    spec:
      containers:
        - name: redis
          image: redis:7
          args: ["--requirepass", "$(REDIS_PASSWORD)"]
`;

describe('Kubernetes container command and args', () => {
  it('declares authentication from the container args', () => {
    const auth = authOf(DEPLOYMENT, 'deploy.yaml', 'sessions');
    expect(auth).toMatchObject({ value: true, source: 'declared' });
    expect(auth?.reason).toContain("container 'redis' command line passes --requirepass");
  });
});

describe.skipIf(!HAS_SHARED)('netbox-docker compose file', () => {
  it('reads its valkey services as asking for a password', () => {
    const file = sharedPath('corpus/real/netbox-docker/docker-compose.yml');
    const text = readFileSync(file, 'utf8');
    for (const id of ['redis', 'redis-cache']) {
      expect(authOf(text, file, id)).toMatchObject({ value: true, source: 'declared' });
    }
  });
});
if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});
