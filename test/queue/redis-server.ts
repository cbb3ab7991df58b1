// The queue tests' redis-server: lib/queue/local-redis, skipped where it is missing except under CI.
import { haveRedis } from '../../lib/queue/local-redis';

export { freePort, startRedis, haveRedis } from '../../lib/queue/local-redis';

/** The tests' skip reason: none where redis-server is installed, and none under CI (there a missing server fails). */
export const skipWithoutRedis = (): string | false => (!haveRedis() && !process.env.CI ? 'redis-server not installed (apt-get install redis-server)' : false);
