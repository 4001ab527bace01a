import assert from 'node:assert/strict';
import { it } from 'node:test';
import { maskUrl } from './startup.ts';

it('maskUrl hides passwords in the user part and in parameters', () => {
  assert.equal(maskUrl('postgres://app:s3cret@db.example/taskshare'), 'postgres://app:****@db.example/taskshare');
  const masked = maskUrl('postgres://db.example/taskshare?password=s3cret&sslmode=require&sslpassword=k');
  assert.doesNotMatch(masked, /s3cret|=k\b/);
  assert.match(masked, /sslmode=require/);
  assert.equal(maskUrl('not a url'), '(unparsable URL)');
});
