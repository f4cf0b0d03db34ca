#!/usr/bin/env node
// The only file that touches `process`: the CLI itself takes argv and io and returns a code.
import { run } from '../dist/cli/main.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
});
