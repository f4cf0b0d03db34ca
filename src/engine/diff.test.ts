import { describe, expect, it } from 'vitest';
import { diffThreats, newThreatsAtOrAbove, type DiffThreat } from './diff.js';

function threat(id: string, fields: Partial<DiffThreat> = {}): DiffThreat {
  return {
    id,
    fingerprint: `fp-${id}`,
    rootKey: `STR-0001:${id}`,
    ruleId: 'STR-0001',
    title: `Threat ${id}`,
    severity: 'medium',
    score: 5,
    components: ['a'],
    status: 'active',
    ...fields,
  };
}

describe('diffThreats', () => {
  it('matches by root key, so renumbered IDs are not changes', () => {
    const before = [threat('T001', { rootKey: 'r1' }), threat('T002', { rootKey: 'r2' })];
    const after = [
      threat('T001', { rootKey: 'new', fingerprint: 'x' }),
      threat('T002', { rootKey: 'r1' }),
      threat('T003', { rootKey: 'r2' }),
    ];
    const diff = diffThreats(before, after);
    expect(diff.added.map((t) => t.rootKey)).toEqual(['new']);
    expect(diff.resolved).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.unchanged.map((p) => [p.before.id, p.after.id])).toEqual([
      ['T001', 'T002'],
      ['T002', 'T003'],
    ]);
  });

  it('reports what changed in a matched threat: severity, score, components, status', () => {
    const before = [threat('T001', { rootKey: 'r', components: ['a', 'b'], score: 6.5 })];
    const after = [
      threat('T004', {
        rootKey: 'r',
        fingerprint: 'other',
        components: ['b', 'c'],
        severity: 'high',
        score: 7.5,
        status: 'accepted',
      }),
    ];
    const [change] = diffThreats(before, after).changed;
    expect(change).toMatchObject({
      severity: { from: 'medium', to: 'high' },
      score: { from: 6.5, to: 7.5 },
      components: { added: ['c'], removed: ['a'] },
      status: { from: 'active', to: 'accepted' },
      worsened: true,
    });
    const improved = diffThreats(after, before).changed[0];
    expect(improved.worsened).toBe(false);
  });

  it('falls back to the fingerprint when a side has no root keys', () => {
    const before = [threat('T001', { rootKey: undefined, fingerprint: 'f1' })];
    const after = [threat('T009', { rootKey: 'STR-0001:*', fingerprint: 'f1' })];
    const diff = diffThreats(before, after);
    expect(diff.unchanged).toHaveLength(1);
    expect(diff.added).toEqual([]);
  });

  it('lists threats only one side has as new or resolved', () => {
    const diff = diffThreats([threat('T001')], [threat('T002')]);
    expect(diff.added.map((t) => t.id)).toEqual(['T002']);
    expect(diff.resolved.map((t) => t.id)).toEqual(['T001']);
  });

  it('pairs each threat at most once', () => {
    const before = [threat('T001', { rootKey: 'r', fingerprint: 'f' })];
    const after = [
      threat('T001', { rootKey: 'r', fingerprint: 'g' }),
      threat('T002', { rootKey: 'q', fingerprint: 'f' }),
    ];
    const diff = diffThreats(before, after);
    expect(diff.unchanged.map((p) => p.after.id)).toEqual(['T001']);
    expect(diff.added.map((t) => t.id)).toEqual(['T002']);
  });
});

describe('newThreatsAtOrAbove', () => {
  const before = [
    threat('T001', { rootKey: 'rises', severity: 'medium' }),
    threat('T002', { rootKey: 'falls', severity: 'critical' }),
    threat('T003', { rootKey: 'stays', severity: 'high' }),
  ];
  const after = [
    threat('T001', { rootKey: 'rises', severity: 'high' }),
    threat('T002', { rootKey: 'falls', severity: 'high' }),
    threat('T003', { rootKey: 'stays', severity: 'high' }),
    threat('T004', { rootKey: 'new-high', severity: 'high' }),
    threat('T005', { rootKey: 'new-low', severity: 'low' }),
    threat('T006', { rootKey: 'new-accepted', severity: 'critical', status: 'accepted' }),
  ];
  const diff = diffThreats(before, after);

  it('counts new and worsened active threats at or above the threshold', () => {
    expect(newThreatsAtOrAbove(diff, 'high').map((t) => t.id)).toEqual(['T004', 'T001']);
    expect(newThreatsAtOrAbove(diff, 'low').map((t) => t.id)).toEqual(['T004', 'T005', 'T001']);
    expect(newThreatsAtOrAbove(diff, 'critical')).toEqual([]);
  });
});
