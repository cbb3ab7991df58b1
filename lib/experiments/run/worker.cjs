// Entry of a pool worker thread. Plain CommonJS on purpose: it must start the same way whether the parent runs
// under tsx, under the CLI, or inside a tslab kernel (which compiles lib/ in memory and leaves nothing a worker
// could load). It registers tsx's CommonJS hook itself, then loads the TypeScript worker loop.
'use strict';
const { workerData } = require('node:worker_threads');
require('tsx/cjs/api').register();
require(workerData.workerMain);
