import { VERSION } from '../cli/version.js';
import { IMPORTERS } from '../importers/index.js';
import { REPORT_FORMATS, REPORT_FORMAT_NAMES } from './report-formats.js';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

/** Failures every authenticated route can answer with. */
const AUTHENTICATED_ERRORS = {
  '401': errorResponse('No API key, or a wrong one'),
  '429': {
    description:
      'Too many requests for this key, or too many missing or wrong keys from this address; ' +
      'retry after the Retry-After header',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
    content: json(ref('Error')),
  },
};

const BODY_ERRORS = {
  '400': errorResponse('The body is not JSON, or a field is unknown, missing or wrong'),
  '413': errorResponse('The body is larger than maxBodyBytes'),
  '415': errorResponse('The body is not sent as application/json'),
  '422': errorResponse('The input could not be read; line and column say where'),
  '503': errorResponse('The analysis timed out, or every worker is busy (see Retry-After)'),
};

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The id returned when the analysis was saved',
};

const INPUT_PROPERTIES = {
  input: { type: 'string', description: 'The diagram or model, as text' },
  file: { type: 'string', description: 'A file name: detects the format, names it in problems' },
  format: {
    enum: IMPORTERS.map((importer) => importer.format),
    description: 'The input format; detected from the text and file name when absent',
  },
  hints: { type: 'string', description: 'A hints file (YAML): facts overlaid by element ID' },
  page: { type: 'string', description: 'One page (draw.io) or diagram (Threat Dragon)' },
};

/** The API described for clients and generators; a test checks it lists every route. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Strider API',
    version: VERSION,
    description:
      'Threat analysis of architecture diagrams and models. Authenticate with an API key ' +
      '(when the server has keys configured) as a bearer token or in X-API-Key.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }, { apiKeyHeader: [] }],
  paths: {
    '/api/v1/health': {
      get: {
        summary: 'Whether the server is up',
        security: [],
        responses: { '200': { description: 'Up', content: json(ref('Health')) } },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1 document', content: json({}) } },
      },
    },
    '/api/v1/rules': {
      get: {
        summary: 'The rule catalog',
        responses: {
          '200': {
            description: 'Every rule the engine runs',
            content: json({
              type: 'object',
              required: ['rules'],
              properties: { rules: { type: 'array', items: ref('Rule') } },
            }),
          },
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/v1/analyze': {
      post: {
        summary: 'Analyze an input and return the report; nothing is stored',
        requestBody: { required: true, content: json(ref('AnalyzeRequest')) },
        responses: {
          '200': {
            description: 'The report in the requested output format',
            headers: {
              'X-Strider-Input-Format': { schema: { type: 'string' } },
              'X-Strider-Threats': { schema: { type: 'integer' } },
            },
            content: Object.fromEntries(
              Object.values(REPORT_FORMATS).map((format) => [
                format.contentType.split(';')[0],
                { schema: { type: 'string' } },
              ]),
            ),
          },
          ...BODY_ERRORS,
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/v1/analyses': {
      post: {
        summary: 'Analyze an input and save input, hints and report under a project',
        requestBody: { required: true, content: json(ref('SaveRequest')) },
        responses: {
          '201': {
            description: 'Saved',
            headers: { Location: { schema: { type: 'string' } } },
            content: json(ref('AnalysisSummary')),
          },
          ...BODY_ERRORS,
          ...AUTHENTICATED_ERRORS,
        },
      },
      get: {
        summary: 'List saved analyses, newest first',
        parameters: [
          { name: 'project', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
        ],
        responses: {
          '200': {
            description: 'One page of summaries',
            content: json({
              type: 'object',
              required: ['items', 'total', 'limit', 'offset'],
              properties: {
                items: { type: 'array', items: ref('AnalysisSummary') },
                total: { type: 'integer' },
                limit: { type: 'integer' },
                offset: { type: 'integer' },
              },
            }),
          },
          '400': errorResponse('A query parameter is wrong'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/v1/analyses/{id}': {
      get: {
        summary: 'A saved analysis: input, hints and report',
        parameters: [idParameter],
        responses: {
          '200': { description: 'Found', content: json(ref('SavedAnalysis')) },
          '404': errorResponse('No such analysis'),
          ...AUTHENTICATED_ERRORS,
        },
      },
      delete: {
        summary: 'Delete a saved analysis',
        parameters: [idParameter],
        responses: {
          '204': { description: 'Deleted' },
          '404': errorResponse('No such analysis'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/v1/analyses/{id}/report': {
      get: {
        summary: 'The report of a saved analysis, as Markdown or JSON',
        parameters: [
          idParameter,
          { name: 'output', in: 'query', schema: { enum: ['md', 'json'], default: 'md' } },
        ],
        responses: {
          '200': {
            description: 'The report',
            content: {
              'text/markdown': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'object' } },
            },
          },
          '404': errorResponse('No such analysis'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/v1/diff': {
      get: {
        summary: 'Threats new, resolved and changed between two saved analyses',
        parameters: [
          { name: 'before', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'after', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'output', in: 'query', schema: { enum: ['md', 'json'], default: 'md' } },
        ],
        responses: {
          '200': {
            description: 'The diff, matched by root key so renumbered threats are not changes',
            content: {
              'text/markdown': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'object' } },
            },
          },
          '400': errorResponse('A query parameter is missing or wrong'),
          '404': errorResponse('No such analysis'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              line: { type: 'integer' },
              column: { type: 'integer' },
              problems: { type: 'array', items: ref('Problem') },
            },
          },
        },
      },
      Problem: {
        type: 'object',
        required: ['severity', 'code', 'message'],
        properties: {
          severity: { enum: ['error', 'warning'] },
          code: { type: 'string' },
          message: { type: 'string' },
          file: { type: 'string' },
          line: { type: 'integer' },
          column: { type: 'integer' },
        },
      },
      Health: {
        type: 'object',
        required: ['status', 'version', 'uptimeSeconds'],
        properties: {
          status: { const: 'ok' },
          version: { type: 'string' },
          uptimeSeconds: { type: 'integer' },
        },
      },
      Rule: {
        type: 'object',
        required: ['id', 'slug', 'title', 'stride'],
        properties: {
          id: { type: 'string', examples: ['STR-0001'] },
          slug: { type: 'string' },
          title: { type: 'string' },
          stride: { type: 'array', items: { enum: ['S', 'T', 'R', 'I', 'D', 'E'] } },
          likelihood: { type: 'string' },
          impact: { type: 'string' },
          description: { type: 'string' },
          recommendation: { type: 'string' },
          references: { type: 'object' },
        },
      },
      AnalyzeRequest: {
        type: 'object',
        required: ['input'],
        additionalProperties: false,
        properties: {
          ...INPUT_PROPERTIES,
          risks: { type: 'string', description: 'A risk-decision file (strider-risks.yaml)' },
          today: { type: 'string', format: 'date', description: 'Date decisions expire against' },
          output: { enum: REPORT_FORMAT_NAMES, default: 'md' },
          top: { type: 'integer', minimum: 1, description: 'Only the N highest-scoring threats' },
        },
      },
      SaveRequest: {
        type: 'object',
        required: ['project', 'input'],
        additionalProperties: false,
        properties: {
          project: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
          name: { type: 'string', maxLength: 200 },
          ...INPUT_PROPERTIES,
        },
      },
      AnalysisSummary: {
        type: 'object',
        required: ['id', 'project', 'createdAt', 'format', 'threats', 'bySeverity'],
        properties: {
          id: { type: 'string' },
          project: { type: 'string' },
          name: { type: ['string', 'null'] },
          createdAt: { type: 'string', format: 'date-time' },
          format: { type: 'string' },
          file: { type: ['string', 'null'] },
          threats: { type: 'integer' },
          bySeverity: {
            type: 'object',
            additionalProperties: { type: 'integer' },
          },
        },
      },
      SavedAnalysis: {
        allOf: [
          ref('AnalysisSummary'),
          {
            type: 'object',
            required: ['input', 'report'],
            properties: {
              input: { type: 'string' },
              hints: { type: ['string', 'null'] },
              hintsFile: { type: ['string', 'null'] },
              report: { type: 'object', description: 'The analysis report, as in the JSON output' },
            },
          },
        ],
      },
    },
  },
} as const;
