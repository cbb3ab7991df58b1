// A parent that is NOT running under tsx (like a tslab kernel): it loads the pool through a scoped tsx require
// that leaves the global module system and execArgv untouched, so the workers must register tsx themselves.
'use strict';
const { join } = require('node:path');
const api = require('tsx/cjs/api');
const scoped = api.register({ namespace: 'pool-child' });
const { runPool } = scoped.require('../../../lib/experiments/run/pool.ts', __filename);
runPool([{ x: 2 }, { x: 3 }], { module: join(__dirname, 'pool-task.ts'), exportName: 'square', workers: 2, shared: { offset: 0 } })
  .then((r) => { process.stdout.write(JSON.stringify({ execArgv: process.execArgv, results: r })); })
  .catch((e) => { console.error(e); process.exit(1); });
