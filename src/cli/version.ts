/** Strider's version, as the CLI and the reports it writes state it. */
export const VERSION = '0.1.0';
