// Fault injection for the crash tests: with PIRATE_PAIN_FAULT_AT=N the process kills itself with SIGKILL (kill -9:
// no cleanup, no exit handlers) at the N-th fault point it passes; with PIRATE_PAIN_FAULT_LOG=FILE it appends the
// name of every point passed to FILE (how a test counts the points of an uninterrupted run). Unset, a point costs
// one comparison. The points sit between the steps of every durable write and fold commit.
import { appendFileSync } from 'node:fs';

const at = Number(process.env.PIRATE_PAIN_FAULT_AT ?? 0);
const logFile = process.env.PIRATE_PAIN_FAULT_LOG;
let passed = 0;

export function faultPoint(name: string): void {
  if (!at && !logFile) return;
  passed++;
  if (logFile) appendFileSync(logFile, `${passed}\t${name}\n`);
  if (passed === at) process.kill(process.pid, 'SIGKILL');
}
