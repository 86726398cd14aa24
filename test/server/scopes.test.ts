/**
 * The scope comparison on its own (src/server/scopes.ts): the forms real providers write, and
 * every doubt ending in "no claim".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionScopes, missingScopes, parseScopes, requiredScopesProblem } from '../../src/server/scopes.js';

describe('parseScopes', () => {
  it('reads space-separated (RFC 6749), comma-separated (GitHub, Slack, Nango) and arrays, trimmed and deduplicated', () => {
    assert.deepEqual(parseScopes('read write'), ['read', 'write']);
    assert.deepEqual(parseScopes('repo,read:org'), ['repo', 'read:org']);
    assert.deepEqual(parseScopes(' repo , read:org ,, repo '), ['repo', 'read:org']);
    assert.deepEqual(parseScopes('channels:read,chat:write\tusers:read\n'), ['channels:read', 'chat:write', 'users:read']);
    assert.deepEqual(parseScopes(['a b', 'c', 'a', 7]), ['a', 'b', 'c']);
  });

  it('is undefined (unknown, not "none") for nothing usable', () => {
    for (const value of [undefined, null, '', '  ', ',', 42, {}, [], [1, 2]]) assert.equal(parseScopes(value), undefined, JSON.stringify(value));
  });

  it('drops tokens RFC 6749 does not allow', () => {
    assert.deepEqual(parseScopes('ok "quoted" back\\slash fine'), ['ok', 'fine']);
  });
});

describe('missingScopes', () => {
  it('all granted: none missing', () => {
    assert.deepEqual(missingScopes(['read', 'write'], ['write', 'read', 'admin']), []);
  });

  it('one missing: that one, as the integration spells it', () => {
    assert.deepEqual(missingScopes(['read', 'write'], ['read']), ['write']);
  });

  it("Google's URL forms of email and profile are what was asked for, not drift", () => {
    const google = parseScopes(
      'https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile openid https://www.googleapis.com/auth/calendar.readonly',
    )!;
    assert.deepEqual(missingScopes(['email', 'profile', 'openid', 'https://www.googleapis.com/auth/calendar.readonly'], google), []);
    // And the other way round: asked with the URL, reported short.
    assert.deepEqual(missingScopes(['https://www.googleapis.com/auth/userinfo.email'], ['email']), []);
    // A real gap is still seen.
    assert.deepEqual(missingScopes(['email', 'https://www.googleapis.com/auth/calendar.events'], google), ['https://www.googleapis.com/auth/calendar.events']);
  });

  it("Microsoft's resource prefix, its silent offline_access, and openid are no drift", () => {
    assert.deepEqual(missingScopes(['offline_access', 'openid', 'User.Read', 'Mail.Read'], ['https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/Mail.Read']), []);
  });

  it('letter case is no drift', () => {
    assert.deepEqual(missingScopes(['user.read'], ['User.Read']), []);
  });

  it("GitHub's broader scopes cover the narrower ones asked for", () => {
    assert.deepEqual(missingScopes(['public_repo', 'read:org', 'user:email'], ['repo', 'admin:org', 'user']), []);
    assert.deepEqual(missingScopes(['read:org'], ['repo']), ['read:org']);
  });
});

describe('connectionScopes', () => {
  it('reads credentials.raw.scope and the override, nothing else', () => {
    const connection = {
      credentials: { type: 'OAUTH2', access_token: 'token', raw: { access_token: 'token', scope: 'a,b' } },
      connection_config: { oauth_scopes_override: ['a'] },
    };
    assert.deepEqual(connectionScopes(connection), { granted: ['a', 'b'], override: ['a'] });
  });

  it('no scope information: unknown', () => {
    assert.deepEqual(connectionScopes({ credentials: { type: 'API_KEY', apiKey: 'k' } }), { granted: undefined, override: undefined });
    assert.deepEqual(connectionScopes({ credentials: { type: 'OAUTH2', raw: { scope: '' } } }), { granted: undefined, override: undefined });
    assert.deepEqual(connectionScopes({}), { granted: undefined, override: undefined });
  });

  it('reads an array, and raw.scopes for providers that name it so', () => {
    assert.deepEqual(connectionScopes({ credentials: { raw: { scope: ['a', 'b'] } } }).granted, ['a', 'b']);
    assert.deepEqual(connectionScopes({ credentials: { raw: { scopes: 'a b' } } }).granted, ['a', 'b']);
  });
});

describe('requiredScopesProblem', () => {
  it('accepts absent or an array of scope names, refuses anything else', () => {
    assert.equal(requiredScopesProblem(undefined), undefined);
    assert.equal(requiredScopesProblem([]), undefined);
    assert.equal(requiredScopesProblem(['repo', 'https://www.googleapis.com/auth/drive']), undefined);
    for (const bad of ['repo', ['a b'], ['a,b'], [''], [1], null]) assert.match(requiredScopesProblem(bad) ?? '', /requiredScopes/, JSON.stringify(bad));
  });
});

describe("GitHub's scope hierarchy (docs.github.com, 'Scopes for OAuth apps')", () => {
  // Each narrower scope, and every broader one GitHub reports instead when both were asked for.
  const HIERARCHY: Array<[string, string[]]> = [
    ['repo:status', ['repo']],
    ['repo_deployment', ['repo']],
    ['public_repo', ['repo']],
    ['repo:invite', ['repo']],
    ['security_events', ['repo']],
    ['read:user', ['user']],
    ['user:email', ['user']],
    ['user:follow', ['user']],
    ['write:org', ['admin:org']],
    ['read:org', ['write:org', 'admin:org']],
    ['manage_runners:org', ['admin:org']],
    ['write:public_key', ['admin:public_key']],
    ['read:public_key', ['write:public_key', 'admin:public_key']],
    ['write:repo_hook', ['admin:repo_hook']],
    ['read:repo_hook', ['write:repo_hook', 'admin:repo_hook']],
    ['read:packages', ['write:packages']],
    ['write:gpg_key', ['admin:gpg_key']],
    ['read:gpg_key', ['write:gpg_key', 'admin:gpg_key']],
    ['read:project', ['project']],
    ['read:discussion', ['write:discussion']],
  ];

  it('a broader scope granted covers each narrower one needed; nothing else does', () => {
    for (const [narrow, broader] of HIERARCHY) {
      for (const scope of broader) assert.deepEqual(missingScopes([narrow], [scope]), [], `${scope} covers ${narrow}`);
      assert.deepEqual(missingScopes([narrow], ['gist']), [narrow], `gist does not cover ${narrow}`);
    }
    // Not the other way round: a narrow grant does not cover the broad scope.
    assert.deepEqual(missingScopes(['repo'], ['public_repo']), ['repo']);
  });

  it('Microsoft Graph resource URLs are compared by their scope name, only for graph.microsoft.com at the start', () => {
    assert.deepEqual(missingScopes(['User.Read'], ['https://graph.microsoft.com/User.Read']), []);
    assert.deepEqual(missingScopes(['User.Read'], ['https://evil.test/https://graph.microsoft.com/User.Read']), ['User.Read']);
  });

  it('parseScopes: split on runs of spaces and commas; 1 to 200 scopes', () => {
    assert.deepEqual(parseScopes('a,, b  c'), ['a', 'b', 'c']);
    assert.deepEqual(parseScopes(['a b', 'c,d']), ['a', 'b', 'c', 'd']);
    assert.equal(parseScopes(Array.from({ length: 200 }, (_, i) => `s${i}`).join(','))?.length, 200);
    assert.equal(parseScopes(Array.from({ length: 201 }, (_, i) => `s${i}`).join(',')), undefined);
    assert.equal(parseScopes(''), undefined);
    assert.equal(parseScopes([5, null]), undefined);
  });
});

describe('scopes: edges (issue 19)', () => {
  it("Microsoft's prefix is only removed at the start: another resource's URL that holds it is another scope", () => {
    assert.deepEqual(missingScopes(['https://evil.test/User.Read'], ['https://evil.test/https://graph.microsoft.com/User.Read']), ['https://evil.test/User.Read']);
    assert.deepEqual(missingScopes(['User.Read'], ['User.https://graph.microsoft.com/Read']), ['User.Read']);
  });

  it('connectionScopes: null credentials, raw or config are unknown, not a crash', () => {
    for (const connection of [{ credentials: null }, { credentials: { raw: null } }, { credentials: 'x', connection_config: null }, { credentials: { raw: 'scope=a' }, connection_config: 'x' }]) {
      assert.deepEqual(connectionScopes(connection), { granted: undefined, override: undefined }, JSON.stringify(connection));
    }
  });

  it('requiredScopesProblem: up to 200 scopes, not 201', () => {
    const scopes = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);
    assert.equal(requiredScopesProblem(scopes(200)), undefined);
    assert.match(requiredScopesProblem(scopes(201)) ?? '', /unusable requiredScopes/);
  });
});
