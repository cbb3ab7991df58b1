// Entry of the notebook kernel process. Loads kernel.ts through tsx's CommonJS hook, then removes the hook before
// any cell runs: cells must resolve modules exactly as in a real tslab kernel (where, for example, importing a
// folder such as './lib/plots' fails and './lib/plots/index' works), not through tsx.
'use strict';
const { register } = require('tsx/cjs/api');
const unregister = register();
try {
  require('./kernel.ts');
} finally {
  unregister();
}
