import { describe, expect, it } from 'vitest';
import {
  holdsLiteralSecret,
  hostMentions,
  isLocalOrAddress,
  serviceNamedByVariable,
} from './container-env.js';

const hosts = (name: string, value: string) => hostMentions(name, value).map((m) => m.host);

describe('hostMentions', () => {
  it('finds hosts in URLs, with scheme and port, and never shows credentials', () => {
    const [mention] = hostMentions('DATABASE_URL', 'postgres://app:pw@db:5432/app');
    expect(mention).toMatchObject({ host: 'db', port: 5432, scheme: 'postgres' });
    expect(mention!.how).toBe('URL postgres://db:5432');
  });

  it('finds several URLs and host:port pairs in one value', () => {
    expect(hosts('BROKERS', 'kafka-1:9092,kafka-2:9092')).toEqual(['kafka-1', 'kafka-2']);
    expect(hosts('X', 'http://a/ and https://b:8443/')).toEqual(['a', 'b']);
  });

  it('reads connection strings', () => {
    expect(hosts('ConnectionString', 'Server=sqldata;Database=x;User Id=sa')).toEqual(['sqldata']);
    expect(hosts('PG', 'host=pg port=5432 dbname=x')).toEqual(['pg']);
    expect(hosts('DSN', 'Data Source=tcp:reports,1433;')).toEqual(['reports']);
  });

  it('takes a bare host only from variables that name hosts', () => {
    expect(hosts('DB_HOST', 'db')).toEqual(['db']);
    expect(hosts('EventBusConnection', 'rabbitmq')).toEqual(['rabbitmq']);
    expect(hosts('LOG_LEVEL', 'debug')).toEqual([]);
    expect(hosts('JAVA_OPTS', '-Djava.security.egd=file:/dev/urandom -Xmx128m')).toEqual([]);
  });
});

describe('helpers for hosts', () => {
  it('knows local names and addresses', () => {
    expect(['localhost', '127.0.0.1', '0.0.0.0', '[::1]'].every(isLocalOrAddress)).toBe(true);
    expect(isLocalOrAddress('db')).toBe(false);
  });

  it('reads a service name from a variable name', () => {
    expect(serviceNamedByVariable('CATALOGUE_HOST')).toBe('catalogue');
    expect(serviceNamedByVariable('CART_SERVICE_ADDR')).toBe('cart');
    expect(serviceNamedByVariable('USER_DB_URL')).toBe('user-db');
    expect(serviceNamedByVariable('LOG_LEVEL')).toBeUndefined();
  });
});

describe('holdsLiteralSecret', () => {
  it('flags secret-named variables with literal values', () => {
    expect(holdsLiteralSecret('POSTGRES_PASSWORD', 'postgres')).toBe(true);
    expect(holdsLiteralSecret('Token', '6168DB8D')).toBe(true);
    expect(holdsLiteralSecret('JWT_SECRET', 'abc')).toBe(true);
  });

  it('flags secrets inside values whatever the name', () => {
    expect(holdsLiteralSecret('CONN', 'Server=db;User Id=sa;Password=Pass@word')).toBe(true);
    expect(holdsLiteralSecret('DB', 'mysql://user:pw@db/x')).toBe(true);
  });

  it('leaves references, files, flags and other names alone', () => {
    expect(holdsLiteralSecret('POSTGRES_PASSWORD', '')).toBe(false);
    expect(holdsLiteralSecret('POSTGRES_PASSWORD_FILE', '/run/secrets/pw')).toBe(false);
    expect(holdsLiteralSecret('MYSQL_ALLOW_EMPTY_PASSWORD', 'true')).toBe(false);
    expect(holdsLiteralSecret('PASSWORD_MIN_LENGTH', '12')).toBe(false);
    expect(holdsLiteralSecret('DB_USER', 'admin')).toBe(false);
    expect(holdsLiteralSecret('DB', 'mysql://user@db/x')).toBe(false);
  });
});
