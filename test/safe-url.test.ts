// The URL rule of src/safe-url.ts, case by case (issue 19: URL parsing edge cases): what the
// widget may send its status and token requests to, or frame. `https:` anywhere; `http:` only
// on loopback hosts; with `relativeIsFine` (the app's own routes), URLs that stay on the page's
// origin and name no scheme. Judged on the URL as the parser reads it.
import { expect } from '@open-wc/testing';
import { isAllowedUrl, safeUrl } from '../src/safe-url.js';

/** Runs `body` on a page whose base URL is `href` (a `<base>` element), then takes it away. */
function withBase<T>(href: string, body: () => T): T {
  const base = document.createElement('base');
  base.href = href;
  document.head.prepend(base);
  try {
    return body();
  } finally {
    base.remove();
  }
}

const refused = (value: string, relativeIsFine = false) => {
  try {
    safeUrl(value, 'status-url', relativeIsFine);
  } catch (error) {
    expect(error).to.be.instanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
};

describe('safeUrl: absolute URLs', () => {
  for (const [value, href] of [
    ['https://api.example.com/status', 'https://api.example.com/status'],
    ['HTTPS://API.EXAMPLE.COM/status', 'https://api.example.com/status'],
    ['http://localhost:8080/status', 'http://localhost:8080/status'],
    ['http://127.0.0.1/status', 'http://127.0.0.1/status'],
    ['http://[::1]:3000/status', 'http://[::1]:3000/status'],
    ['HTTP://LOCALHOST/status', 'http://localhost/status'],
  ]) {
    it(`takes ${value}`, () => {
      expect(safeUrl(value, 'status-url')).to.equal(href);
    });
  }

  for (const value of [
    'http://example.com/status',
    'http://localhost.evil.test/status',
    'http://127.0.0.1.nip.io/status',
    'http://127.0.0.2/status',
    'http://0.0.0.0/status',
    'http://[::2]/status',
    'ftp://localhost/status',
    'ws://localhost/status',
    'javascript:alert(1)',
    'data:text/html,<p>x</p>',
    'blob:https://example.com/1',
    'file:///etc/passwd',
    'https//missing-colon',
  ]) {
    it(`refuses ${JSON.stringify(value)} when it is not relative`, () => {
      withBase('http://app.example.com/settings/', () => {
        const message = refused(value);
        expect(message).to.contain('status-url must be an https: URL (http: only on localhost)');
      });
    });
  }

  it('names what it refused, cut to 100 characters', () => {
    const long = `http://example.com/${'a'.repeat(200)}`;
    const message = refused(long);
    expect(message).to.contain(`got "${long.slice(0, 100)}"`);
    expect(message).to.not.contain(long.slice(0, 101));
  });
});

describe('safeUrl: the app\'s own routes (relativeIsFine) on a plain-HTTP page', () => {
  it('takes a path, a relative path and a query, resolved against the page', () => {
    withBase('http://app.example.com/settings/', () => {
      expect(safeUrl('/api/status', 'status-url', true)).to.equal('http://app.example.com/api/status');
      expect(safeUrl('api/status', 'status-url', true)).to.equal('http://app.example.com/settings/api/status');
      expect(safeUrl('?check=1', 'status-url', true)).to.equal('http://app.example.com/settings/?check=1');
    });
  });

  it('refuses the same paths without relativeIsFine (Connect UI and API URLs must be https:)', () => {
    withBase('http://app.example.com/settings/', () => {
      refused('/api/status');
      refused('api/status');
    });
  });

  for (const value of [
    // Absolute, even to the page's own origin: it names a scheme.
    'http://app.example.com/api/status',
    // Protocol-relative, and the backslash forms the parser reads as slashes.
    '//evil.test/status',
    '\\\\evil.test\\status',
    '/\\evil.test/status',
    '\\/evil.test/status',
    // Leading spaces or control characters the parser strips, then a scheme or two slashes.
    ' //evil.test/status',
    '\u0001http://evil.test/status',
    // Tabs and newlines the parser drops inside the scheme or between the slashes.
    'h\tttp://evil.test/status',
    '/\n/evil.test/status',
    // The same forms naming the page's own host: still not relative (they name a scheme or a host).
    '//app.example.com/api/status',
    '\\\\app.example.com\\api',
    ' //app.example.com/api/status',
    'h\tttp://app.example.com/api/status',
    'HTTP://app.example.com/api/status',
  ]) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      withBase('http://app.example.com/settings/', () => {
        refused(value, true);
      });
    });
  }

  it('takes a path with a tab the parser drops harmlessly', () => {
    withBase('http://app.example.com/', () => {
      expect(safeUrl('/api/\tstatus', 'status-url', true)).to.equal('http://app.example.com/api/status');
    });
  });
});

describe('isAllowedUrl', () => {
  it('is https:, or http: on exactly localhost, 127.0.0.1 and [::1]', () => {
    const allowed = (href: string) => isAllowedUrl(new URL(href));
    expect(allowed('https://example.com')).to.be.true;
    expect(allowed('https://localhost')).to.be.true;
    expect(allowed('http://localhost')).to.be.true;
    expect(allowed('http://127.0.0.1:1234')).to.be.true;
    expect(allowed('http://[::1]')).to.be.true;
    expect(allowed('http://example.com')).to.be.false;
    expect(allowed('http://127.0.0.1.example.com')).to.be.false;
    expect(allowed('wss://example.com')).to.be.false;
  });
});
