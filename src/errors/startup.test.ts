import assert from 'node:assert/strict';
import { it } from 'node:test';
import { maskUrl, storeFailure } from './startup.ts';

it('maskUrl hides passwords in the user part and in parameters', () => {
  assert.equal(maskUrl('postgres://app:s3cret@db.example/taskshare'), 'postgres://app:****@db.example/taskshare');
  const masked = maskUrl('postgres://db.example/taskshare?password=s3cret&sslmode=require&sslpassword=k');
  assert.doesNotMatch(masked, /s3cret|=k\b/);
  assert.match(masked, /sslmode=require/);
  assert.equal(maskUrl('not a url'), '(unparsable URL)');
});

it('a DuckDB file in a storage format newer than this DuckDB reads is one line naming the remedy', () => {
  // DuckDB's own messages for it (from the bundled libduckdb), for a version number and a storage version.
  for (const message of [
    'IO Error: Trying to read a database file with version number 99, but we can only read versions between 64 and 67.\nThe ' +
      'database file was created with DuckDB v9.0.0.',
    'IO Error: Error opening "/d/taskshare.duckdb": file was written with a storage version greater than the latest version ' +
      'supported by this DuckDB instance. Try opening the file with a newer version of DuckDB.',
  ]) {
    const err = storeFailure('duckdb', '/d', new Error(message));
    assert.equal(err.message.split('\n').length, 1);
    assert.match(err.message, /^the DuckDB file in \/d was written by a newer taskshare /);
    assert.match(err.message, /; run the taskshare version that wrote it, or newer \(docs\/upgrading\.md\)$/);
  }
});
