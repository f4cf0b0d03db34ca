import { expect } from 'vitest';
import { InputError, type Problem } from '../src/model/problems.js';
import type { Component, Flow, ThreatModel } from '../src/model/types.js';

/** The component with this ID; a test that names a missing one fails with a clear message. */
export function component(model: ThreatModel, id: string): Component {
  const found = model.components.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no component '${id}'`);
  return found;
}

export function flow(model: ThreatModel, id: string): Flow {
  const found = model.flows.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no flow '${id}'`);
  return found;
}

/** The problems of the InputError that `run` must throw. */
export function inputProblems(run: () => unknown): Problem[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected an InputError');
}
