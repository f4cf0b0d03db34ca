import { describe, expect, it } from 'vitest';
import { interpolate, literalPart, parseEnvFile } from './compose-interpolation.js';

const env = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
]);
const value = (text: string) => interpolate(text, env).value;

describe('interpolate', () => {
  it('replaces both forms and keeps $$ as a dollar', () => {
    expect(value('${SET}/$SET/$$SET/$')).toBe('value/value/$SET/$');
  });

  it('applies defaults, alternatives and requirements as compose does', () => {
    expect(value('${EMPTY:-d}|${EMPTY-d}|${NONE-d}')).toBe('d||d');
    expect(value('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${NONE+alt}')).toBe('alt||alt|');
    const required = interpolate('${NONE:?give it}${SET:?no}', env);
    expect(required.value).toBe('value');
    expect(required.required).toEqual([{ name: 'NONE', message: 'give it' }]);
  });

  it('nests defaults and reports each unset variable once', () => {
    const result = interpolate('${NONE:-${OTHER:-deep}}-$OTHER-${OTHER}', env);
    expect(result.value).toBe('deep--');
    expect(result.unset).toEqual(['OTHER']);
  });

  it('keeps malformed references as written', () => {
    expect(interpolate('a ${unclosed', env)).toMatchObject({
      value: 'a ${unclosed',
      invalid: '${unclosed',
    });
    expect(interpolate('${1BAD}', env).invalid).toBe('${1BAD}');
  });

  it('stops at a bounded nesting depth', () => {
    const deep = '${A:-'.repeat(50) + 'x' + '}'.repeat(50);
    expect(interpolate(deep, env).invalid).toBeDefined();
  });
});

describe('literalPart', () => {
  it('keeps what the file wrote, variables from elsewhere left out', () => {
    expect(literalPart('${PASSWORD}')).toBe('');
    expect(literalPart('${PASSWORD:-hunter2}')).toBe('hunter2');
  });
});

describe('parseEnvFile', () => {
  it('reads NAME=value lines, export, quotes and comments', () => {
    const { env: parsed, warnings } = parseEnvFile(
      '# c\nexport A=1\nB="two\\nlines" \nC=\'$raw\'\nD=x # note\nbad line\n',
      '.env',
    );
    expect([...parsed]).toEqual([
      ['A', '1'],
      ['B', 'two\nlines'],
      ['C', '$raw'],
      ['D', 'x'],
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({ file: '.env', line: 6, code: 'env-syntax' }),
    ]);
  });
});
