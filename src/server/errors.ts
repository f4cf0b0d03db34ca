import { InputError, type Problem } from '../model/problems.js';

/** The one shape every error response has, so clients parse failures one way. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    line?: number;
    column?: number;
    /** Every problem of an input that could not be read, in order. */
    problems?: Problem[];
  };
}

export interface ApiErrorOptions {
  headers?: Record<string, string>;
  line?: number;
  column?: number;
}

/** A failure the API reports as is: status, stable code, and a message saying what to do. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly options: ApiErrorOptions;

  constructor(status: number, code: string, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.options = options;
  }
}

/** JSON with its length set, so the request log can count the bytes sent. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return textResponse(status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export function textResponse(
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  const bytes = new TextEncoder().encode(text);
  return new Response(bytes, {
    status,
    headers: { 'Content-Type': contentType, 'Content-Length': String(bytes.length), ...headers },
  });
}

export function errorResponse(error: ApiError): Response {
  const { headers, line, column } = error.options;
  const position = line === undefined ? {} : { line, column };
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...position } };
  return jsonResponse(error.status, body, headers);
}

/**
 * An input the engine could not read: 422, the first problem's position at the top for simple
 * clients, every problem below. Problems quote the caller's own input back to the caller only.
 */
export function inputErrorResponse(error: InputError): Response {
  const first = error.problems.find((p) => p.severity === 'error') ?? error.problems[0];
  const body: ErrorBody = {
    error: {
      code: first?.code ?? 'bad-input',
      message: first?.message ?? error.message,
      ...(first?.line === undefined ? {} : { line: first.line, column: first.column }),
      problems: error.problems,
    },
  };
  return jsonResponse(422, body);
}
