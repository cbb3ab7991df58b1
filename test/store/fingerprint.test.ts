import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataFingerprint } from '../../lib/store/fingerprint';

test('data fingerprint follows content: a file edited in place with the same size and mtime gets a new fingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fp-'));
  try {
    const cache = join(dir, 'cache', 'fp.json');
    const train = join(dir, 'pirate_pain_train.csv');
    writeFileSync(train, 'sample_index,time\n0,0\n');
    writeFileSync(join(dir, 'pirate_pain_train_labels.csv'), 'sample_index,label\n0,no_pain\n');
    const f1 = dataFingerprint(dir, cache);
    assert.equal(dataFingerprint(dir, null), f1, 'the cache never changes the value');
    const { mtime, atime } = statSync(train);
    // same length, same mtime: only the content (and the ctime the kernel sets) differ
    writeFileSync(train, 'sample_index,time\n1,0\n');
    utimesSync(train, atime, mtime);
    assert.equal(statSync(train).mtimeMs, statSync(train).mtimeMs);
    const f2 = dataFingerprint(dir, cache);
    assert.notEqual(f2, f1);
    assert.equal(f2, dataFingerprint(dir, null));
    // back to the original bytes: the original fingerprint
    writeFileSync(train, 'sample_index,time\n0,0\n');
    utimesSync(train, atime, mtime);
    assert.equal(dataFingerprint(dir, cache), f1);
    assert.throws(() => dataFingerprint(join(dir, 'cache'), cache), /no data files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data fingerprint cache: reused only while inode, size, mtime and ctime all match', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fp-'));
  try {
    const cache = join(dir, 'fp.json');
    writeFileSync(join(dir, 'pirate_pain_train.csv'), 'a');
    writeFileSync(join(dir, 'pirate_pain_train_labels.csv'), 'b');
    const f1 = dataFingerprint(dir, cache);
    const c = JSON.parse(readFileSync(cache, 'utf8'));
    assert.equal(Object.keys(c.files).length, 2);
    // a doctored hash under a matching key is trusted: proof that an unchanged file is not read again
    for (const k of Object.keys(c.files)) c.files[k].sha256 = '0'.repeat(64);
    writeFileSync(cache, JSON.stringify(c));
    assert.notEqual(dataFingerprint(dir, cache), f1);
    // touching a file (mtime and ctime move) makes it re-hashed: the real fingerprint is back
    const t = new Date();
    utimesSync(join(dir, 'pirate_pain_train.csv'), t, t);
    utimesSync(join(dir, 'pirate_pain_train_labels.csv'), t, t);
    assert.equal(dataFingerprint(dir, cache), f1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
