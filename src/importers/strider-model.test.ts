import { describe, expect, it } from 'vitest';
import { striderModelImporter } from './strider-model.js';

describe('strider model detection', () => {
  it.each([
    ['block YAML', 'components:\n  - id: a\n', 'model.yaml'],
    ['YAML flow style', '{components: [{id: a}]}\n', 'model.yaml'],
    ['one-line JSON', '{"title":"x","components":[{"id":"a"}]}', 'model.json'],
    ['pasted JSON', '{"flows": []}', undefined],
  ])('recognizes %s', (_name, text, file) => {
    expect(striderModelImporter.detect(text, file)).toBe(true);
  });

  it.each([
    ['an OTM file', '{"otmVersion":"0.2.0","components":[]}', 'x.json'],
    ['a Mermaid file', 'graph LR\n  a --> b\n', 'x.mmd'],
    ['a nested key', 'services:\n  web:\n    components: 1\n', 'compose.yaml'],
  ])('leaves %s alone', (_name, text, file) => {
    expect(striderModelImporter.detect(text, file)).toBe(false);
  });
});
