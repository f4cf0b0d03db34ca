import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from './problems.js';
import { isCalendarDate, parseRiskFile } from './risks.js';

function problemsOf(text: string): Problem[] {
  try {
    parseRiskFile(text, 'strider-risks.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected the risk file to be refused');
}

const VALID = `risks:
  - fingerprint: "07a583f99f6677b4"
    status: accepted
    justification: Traffic stays on one host.
    owner: platform-team
    expires: 2027-06-30
  - rootKey: "STR-0001:*"
    status: false-positive
    justification: The cache requires a password set by the chart.
    owner: alice
`;

describe('parseRiskFile', () => {
  it('reads entries keyed by fingerprint or root key, with their positions', () => {
    const risks = parseRiskFile(VALID, 'strider-risks.yaml');
    expect(risks.entries).toEqual([
      {
        index: 0,
        key: { kind: 'fingerprint', value: '07a583f99f6677b4' },
        status: 'accepted',
        justification: 'Traffic stays on one host.',
        owner: 'platform-team',
        expires: '2027-06-30',
        file: 'strider-risks.yaml',
        line: 2,
        column: 5,
      },
      expect.objectContaining({
        index: 1,
        key: { kind: 'rootKey', value: 'STR-0001:*' },
        status: 'false-positive',
        expires: undefined,
        line: 7,
        column: 5,
      }),
    ]);
  });

  it('takes an empty file as no decisions', () => {
    expect(parseRiskFile('# nothing decided yet\n').entries).toEqual([]);
    expect(parseRiskFile('risks: []\n').entries).toEqual([]);
  });

  it('refuses an unknown status, naming the allowed ones at its line and column', () => {
    const problems = problemsOf(VALID.replace('status: accepted', 'status: acepted'));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'bad-value',
        line: 3,
        column: 13,
        message: 'risks[0].status: "acepted" is not one of: accepted, mitigated, false-positive',
      }),
    ]);
  });

  it('refuses a date that is not a calendar day, at its line and column', () => {
    const problems = problemsOf(VALID.replace('2027-06-30', '2027-02-30'));
    expect(problems).toEqual([expect.objectContaining({ code: 'bad-date', line: 6, column: 14 })]);
    expect(problems[0].message).toMatch(/'2027-02-30' is not a date; write YYYY-MM-DD/);
    expect(problemsOf(VALID.replace('2027-06-30', '30.06.2027'))[0].code).toBe('bad-date');
  });

  it('asks for an expiry date on accepted risks only', () => {
    const problems = problemsOf(VALID.replace('    expires: 2027-06-30\n', ''));
    expect(problems).toEqual([expect.objectContaining({ code: 'missing-field', line: 2 })]);
    expect(problems[0].message).toMatch(/accepted risk needs 'expires'/);
  });

  it('wants exactly one key per entry, and a well-formed fingerprint', () => {
    const both = VALID.replace('  - rootKey:', '  - fingerprint: "0123456789abcdef"\n    rootKey:');
    expect(problemsOf(both)[0]).toMatchObject({ code: 'bad-risk-key', line: 7 });
    const neither = VALID.replace('  - rootKey: "STR-0001:*"\n    status', '  - status');
    expect(problemsOf(neither)[0]).toMatchObject({ code: 'bad-risk-key', line: 7 });
    const short = VALID.replace('07a583f99f6677b4', '07a583');
    expect(problemsOf(short)[0]).toMatchObject({ code: 'bad-value', line: 2, column: 18 });
  });

  it('explains an unquoted fingerprint that YAML turned into a number', () => {
    const problems = problemsOf(VALID.replace('"07a583f99f6677b4"', '1234567890123456'));
    expect(problems[0]).toMatchObject({ code: 'bad-value', line: 2 });
    expect(problems[0].message).toMatch(/read this fingerprint as a number; put it in quotes/);
  });

  it('refuses two decisions for the same key, pointing at the first', () => {
    const twice =
      `${VALID}  - rootKey: "STR-0001:*"\n    status: mitigated\n` +
      '    justification: again\n    owner: bob\n';
    expect(problemsOf(twice)).toEqual([
      expect.objectContaining({
        code: 'duplicate-risk',
        line: 11,
        message: expect.stringMatching(/already has a decision at line 7/),
      }),
    ]);
  });

  it('refuses unknown fields and missing required ones', () => {
    const problems = problemsOf(
      'risks:\n  - rootKey: "STR-0001:*"\n    status: mitigated\n' + '    justifcation: typo\n',
    );
    expect(problems.map((p) => p.code).sort()).toEqual(['missing-field', 'unknown-field']);
    expect(problems.find((p) => p.code === 'unknown-field')).toMatchObject({ line: 4, column: 5 });
  });
});

describe('isCalendarDate', () => {
  it('accepts real days and refuses the rest', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate('2027-1-01')).toBe(false);
    expect(isCalendarDate('tomorrow')).toBe(false);
  });
});
