// rediss:// against a real TLS redis-server: a certificate authority and a server certificate made with openssl, the
// server started on a free loopback port with a password, and the connection check run in a child process that
// trusts the authority through NODE_EXTRA_CA_CERTS (Node reads it only at start-up).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDIS_SERVER } from '../../lib/queue/local-redis';
import { freePort, skipWithoutRedis } from './redis-server';

const dir = mkdtempSync(join(tmpdir(), 'pp-tls-'));
let server: ChildProcess | undefined;
after(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const haveOpenssl = spawnSync('openssl', ['version']).status === 0;
const skip = skipWithoutRedis() || (!haveOpenssl && !process.env.CI ? 'openssl not installed' : false);

function openssl(args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
}

/** Runs checkQueue(url) in a fresh process trusting the test authority; its one output line. */
function check(url: string, trust: boolean): string {
  const script = join(dir, 'check.ts');
  writeFileSync(script, `import { checkQueue } from ${JSON.stringify(join(process.cwd(), 'lib', 'queue', 'redis'))};
checkQueue(process.argv[2]).then((t) => console.log('ok ' + t.display), (e) => console.log('error ' + e.message));\n`);
  const env = { ...process.env, NODE_NO_WARNINGS: '1', ...(trust ? { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') } : {}) };
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, url], { encoding: 'utf8', env, timeout: 30000 });
  return `${r.stdout}${r.stderr}`.trim();
}

test('rediss:// with a password reaches a TLS redis-server; a wrong password, an untrusted certificate and redis:// on the TLS port fail clearly', { skip }, async () => {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=pirate-pain test CA']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(['x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf']);
  const port = await freePort();
  server = spawn(REDIS_SERVER, ['--port', '0', '--tls-port', String(port), '--tls-cert-file', 'srv.pem', '--tls-key-file', 'srv.key',
    '--tls-ca-cert-file', 'ca.pem', '--tls-auth-clients', 'no', '--requirepass', 'tls-secret', '--save', '', '--appendonly', 'no', '--dir', dir], { cwd: dir, stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server with TLS did not start: ${out}`)), 10000);
    server!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ready to accept connections')) { clearTimeout(timer); resolve(); }
    });
  });
  const url = `rediss://:tls-secret@127.0.0.1:${port}`;
  assert.equal(check(url, true), `ok rediss://***@127.0.0.1:${port}`);
  const wrong = check(url.replace('tls-secret', 'not-it'), true);
  assert.match(wrong, /^error .*authentication failed/);
  const untrusted = check(url, false);
  assert.match(untrusted, /^error .*TLS failed.*self-signed certificate/);
  const plain = check(url.replace('rediss:', 'redis:'), true);
  assert.match(plain, /^error /);
  for (const line of [wrong, untrusted, plain]) assert.ok(!line.includes('tls-secret') && !line.includes('not-it'), line);
});
