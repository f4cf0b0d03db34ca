#!/usr/bin/env node
// The only file that touches `process`: everything else takes argv and io and returns a code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
