#!/usr/bin/env node
// The `pirate-pain` executable: registers tsx (resolved from this package, so it works from any working directory)
// and runs lib/cli/main.ts. Both hooks are needed: require() of .ts files goes through the CommonJS one, the
// commands' lazy import() through the ESM one.
'use strict';
const path = require('node:path');

require('tsx/cjs');
import('tsx/esm')
  .then(() => require(path.join(__dirname, 'main.ts')).main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
