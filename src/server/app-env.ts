/** What middleware learns about a request and later steps read. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The API key's id, or 'local' when the server runs without keys. */
    keyId?: string;
    /** Why authentication failed, for the log line: 'missing-key' or 'wrong-key'. */
    authFailure?: string;
    /** Bytes of the body as read, for the log when the client sent no Content-Length. */
    bodyBytes?: number;
  };
}
