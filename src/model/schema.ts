import { COMPONENT_KINDS, CONTROLS, ELEMENT_TYPES, SENSITIVITIES, TRUST_LEVELS } from './types.js';

/**
 * JSON Schema (draft-07) of Strider's own model format. `npm run schema` writes it to
 * schema/strider-model.schema.json for editors; a test keeps the two equal.
 */
const ID = { type: 'string', pattern: '^\\S+$', minLength: 1, maxLength: 200 };

const CONTROL_MAP = {
  type: 'object',
  description: 'Security controls known to be in place (true) or absent (false).',
  propertyNames: { enum: [...CONTROLS] },
  additionalProperties: { type: 'boolean' },
};

const DATA_LIST = {
  type: 'array',
  description: 'Data classes: built-in IDs (pii, credentials...) or ones declared in dataClasses.',
  items: { type: 'string', minLength: 1 },
  uniqueItems: true,
};

/** Facts of a component, shared by the model and the hints file. */
export const COMPONENT_FACTS = {
  name: { type: 'string', minLength: 1 },
  type: { enum: [...ELEMENT_TYPES] },
  kind: { enum: [...COMPONENT_KINDS] },
  technology: { type: 'string', description: 'An ID from `strider technologies`.' },
  zone: { type: 'string' },
  data: DATA_LIST,
  authentication: { type: 'boolean', description: 'Whether callers must authenticate.' },
  encryptionAtRest: { type: 'boolean' },
  internetExposed: { type: 'boolean' },
  controls: CONTROL_MAP,
} as const;

/** Facts of a flow, shared by the model and the hints file. */
export const FLOW_FACTS = {
  label: { type: 'string' },
  protocol: { type: 'string', minLength: 1 },
  encrypted: { type: 'boolean' },
  authentication: {
    type: 'string',
    description: 'none, jwt, mtls, api-key, oauth, password, iam, basic...',
  },
  data: DATA_LIST,
  bidirectional: { type: 'boolean' },
  controls: CONTROL_MAP,
} as const;

export const ZONE_FACTS = {
  name: { type: 'string', minLength: 1 },
  trust: { enum: [...TRUST_LEVELS] },
  parent: { type: 'string' },
} as const;

export const MODEL_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://strider.dev/schema/strider-model.schema.json',
  title: 'Strider threat model',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    title: { type: 'string' },
    zones: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: { id: ID, ...ZONE_FACTS },
      },
    },
    components: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: { id: ID, ...COMPONENT_FACTS },
      },
    },
    flows: {
      type: 'array',
      items: {
        type: 'object',
        required: ['from', 'to'],
        additionalProperties: false,
        properties: { id: ID, from: { type: 'string' }, to: { type: 'string' }, ...FLOW_FACTS },
      },
    },
    dataClasses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'sensitivity'],
        additionalProperties: false,
        properties: {
          id: ID,
          name: { type: 'string' },
          sensitivity: { enum: [...SENSITIVITIES] },
        },
      },
    },
  },
} as const;

export const HINTS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://strider.dev/schema/strider-hints.schema.json',
  title: 'Strider hints: facts overlaid on a diagram by element ID',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    zones: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: false, properties: ZONE_FACTS },
    },
    components: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: COMPONENT_FACTS,
      },
    },
    flows: {
      type: 'object',
      description: "Keyed by flow ID; a diagram's flows are named 'from->to'.",
      additionalProperties: { type: 'object', additionalProperties: false, properties: FLOW_FACTS },
    },
  },
} as const;
