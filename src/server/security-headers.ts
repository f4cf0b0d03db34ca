import type { MiddlewareHandler } from 'hono';
import { CONTENT_SECURITY_POLICY as HTML_REPORT_POLICY } from '../renderers/html.js';

/**
 * The page's script and style are files from this server, never inline; Graphviz runs as
 * WebAssembly, which needs 'wasm-unsafe-eval' (it allows compiling WebAssembly, not eval).
 * Nothing may frame the page, and no request leaves for another origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * An HTML report sent by the API: its own policy (nothing loads; its one inline style and
 * script by hash), which the server's policy would otherwise override, as the stricter of a
 * header and a meta policy wins. Sandboxed without same-origin, so its script, though allowed,
 * runs in an opaque origin and cannot reach this server's pages or API with the user's rights.
 */
export const HTML_REPORT_CONTENT_SECURITY_POLICY = [
  HTML_REPORT_POLICY,
  "frame-ancestors 'none'",
  'sandbox allow-scripts',
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** Every response gets these; one that declares its own policy (an HTML report) keeps it. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const ownPolicy = c.res.headers.get('Content-Security-Policy');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    if (ownPolicy) c.res.headers.set('Content-Security-Policy', ownPolicy);
  };
}
