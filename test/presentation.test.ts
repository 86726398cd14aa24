import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { styles } from '../src/styles.js';
import { actionButton, messageText, scenario, untilStatus } from './support/fixtures.js';

let invalidUrl: string;
let errorUrl: string;
let slowUrl: string;
before(async () => {
  invalidUrl = (await scenario({ status: 400, json: { provider: 'slack' } })).url;
  errorUrl = (await scenario({ status: 503, headers: { 'Retry-After': '300' } })).url;
  slowUrl = (await scenario({ hang: true })).url;
});

afterEach(async () => {
  await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  document.documentElement.lang = 'en';
});

describe('languages', () => {
  for (const [lang, title, button] of [
    ['fr', 'Slack doit être reconnecté', 'Reconnecter'],
    ['de', 'Slack muss neu verbunden werden', 'Neu verbinden'],
    ['es', 'Slack debe volver a conectarse', 'Reconectar'],
    ['ja', 'Slack の再接続が必要です', '再接続'],
    ['fr-CA', 'Slack doit être reconnecté', 'Reconnecter'],
    ['pt', 'Slack needs to be reconnected', 'Reconnect'],
  ]) {
    it(`speaks ${lang} from the lang attribute`, async () => {
      const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status lang=${lang} status-url=${invalidUrl}></nango-connection-status>`);
      await untilStatus(el, 'invalid');
      expect(messageText(el)).to.equal(title);
      expect(actionButton(el)!.textContent).to.equal(button);
    });
  }

  it("takes the nearest ancestor's lang, else the page's", async () => {
    const parent = await fixture<HTMLElement>(html`<div lang="de"><nango-connection-status status-url=${invalidUrl}></nango-connection-status></div>`);
    const el = parent.querySelector('nango-connection-status')!;
    await untilStatus(el, 'invalid');
    expect(actionButton(el)!.textContent).to.equal('Neu verbinden');
    document.documentElement.lang = 'es';
    const own = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${invalidUrl}></nango-connection-status>`);
    await untilStatus(own, 'invalid');
    expect(actionButton(own)!.textContent).to.equal('Reconectar');
  });

  it("follows a change of the page's language", async () => {
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${invalidUrl}></nango-connection-status>`);
    await untilStatus(el, 'invalid');
    document.documentElement.lang = 'fr';
    await waitUntil(() => actionButton(el)!.textContent === 'Reconnecter', 'the widget speaks French');
  });

  it('switches language at runtime', async () => {
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${invalidUrl}></nango-connection-status>`);
    await untilStatus(el, 'invalid');
    el.lang = 'ja';
    await el.updateComplete;
    expect(actionButton(el)!.textContent).to.equal('再接続');
  });

  it('takes per-string overrides, as strings with {name} or functions', async () => {
    const el = await fixture<NangoConnectionStatus>(
      html`<nango-connection-status
        status-url=${invalidUrl}
        .strings=${{ reconnect: 'Sign in again', invalid: 'Sign in to {name} again' }}
      ></nango-connection-status>`,
    );
    await untilStatus(el, 'invalid');
    expect(messageText(el)).to.equal('Sign in to Slack again');
    expect(actionButton(el)!.textContent).to.equal('Sign in again');
    el.strings = { invalid: (name) => `${name ?? 'It'} is disconnected` };
    await el.updateComplete;
    expect(messageText(el)).to.equal('Slack is disconnected');
  });
});

describe('slots', () => {
  it('replaces the text and icon of a state, keeping the button', async () => {
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${invalidUrl}>
      <span slot="invalid">Your Slack workspace disconnected</span>
      <img slot="invalid-icon" alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />
      <span slot="valid">All good</span>
    </nango-connection-status>`);
    await untilStatus(el, 'invalid');
    const textSlot = el.shadowRoot!.querySelector<HTMLSlotElement>('[role="status"] slot')!;
    expect(textSlot.name).to.equal('invalid');
    expect(textSlot.assignedElements()[0].textContent).to.equal('Your Slack workspace disconnected');
    const iconSlot = el.shadowRoot!.querySelector<HTMLSlotElement>('[part="icon"] slot')!;
    expect(iconSlot.assignedElements()[0].tagName).to.equal('IMG');
    expect(actionButton(el)!.textContent).to.equal('Reconnect');
    await expect(el).to.be.accessible();
  });
});

describe('theming', () => {
  // The public properties the element documents (@cssprop in src/nango-connection-status.ts).
  const PUBLIC = ['font', 'radius', 'gap', 'text-color', 'muted-color', 'surface', 'border-color', 'valid-color', 'invalid-color', 'error-color', 'accent-color', 'accent-text-color', 'focus-color'];

  it('reads every documented --nango- property, each time with its default as the fallback, and no other custom property', () => {
    const css = styles.cssText;
    const reads = [...css.matchAll(/var\((--[\w-]+)(,?)/g)].map(([, name, comma]) => ({ name, fallback: comma === ',' }));
    expect(reads.filter((read) => !read.fallback).map((read) => read.name), 'read without a default').to.deep.equal([]);
    expect([...new Set(reads.map((read) => read.name))].sort()).to.deep.equal(PUBLIC.map((name) => `--nango-${name}`).sort());
    expect([...css.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]), 'no custom property is set: the page owns them all').to.deep.equal([]);
  });

  it('uses the same default wherever it reads the same property', () => {
    const defaults = new Map<string, Set<string>>();
    for (const [, name, fallback] of styles.cssText.matchAll(/var\((--nango-[\w-]+),\s*((?:[^()]|\([^()]*\))+)\)/g)) {
      defaults.set(name, (defaults.get(name) ?? new Set()).add(fallback.trim()));
    }
    expect([...defaults].filter(([, values]) => values.size > 1).map(([name]) => name), 'read with two defaults').to.deep.equal([]);
  });

  it('lets a page theme it through --nango- properties', async () => {
    const el = await fixture<NangoConnectionStatus>(
      html`<nango-connection-status style="--nango-accent-color: rgb(1, 2, 3)" status-url=${invalidUrl}></nango-connection-status>`,
    );
    await untilStatus(el, 'invalid');
    expect(getComputedStyle(actionButton(el)!).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`meets contrast in the ${theme} theme (axe), invalid and error`, async () => {
      for (const url of [invalidUrl, errorUrl]) {
        const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status theme=${theme} status-url=${url}></nango-connection-status>`);
        await untilStatus(el, url === invalidUrl ? 'invalid' : 'error');
        await expect(el).to.be.accessible();
      }
    });
  }

  it('follows prefers-color-scheme without a theme, and theme="light" overrides it', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${invalidUrl}></nango-connection-status>`);
    await untilStatus(el, 'invalid');
    const base = el.shadowRoot!.querySelector('.base')!;
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(13, 17, 23)');
    await expect(el).to.be.accessible();
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('stops the spinner for prefers-reduced-motion', async () => {
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${slowUrl}></nango-connection-status>`);
    const spinner = el.shadowRoot!.querySelector('svg')!;
    expect(getComputedStyle(spinner).animationName).to.equal('spin');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(spinner).animationName).to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('exposes its parts', async () => {
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${invalidUrl}></nango-connection-status>`);
    await untilStatus(el, 'invalid');
    const parts = [...el.shadowRoot!.querySelectorAll('[part]')].flatMap((node) => node.getAttribute('part')!.split(' '));
    expect(parts).to.include.members(['base', 'icon', 'message', 'button', 'reconnect-button']);
  });
});

describe('keyboard', () => {
  it('reaches Try again with Tab and shows a focus ring', async () => {
    const el = await fixture<NangoConnectionStatus>(html`<nango-connection-status status-url=${errorUrl}></nango-connection-status>`);
    await untilStatus(el, 'error');
    const { sendKeys } = await import('@web/test-runner-commands');
    await sendKeys({ press: 'Tab' });
    const button = actionButton(el)!;
    expect(el.shadowRoot!.activeElement === button, 'the button has focus').to.be.true;
    expect(getComputedStyle(button).outlineStyle).to.equal('solid');
  });
});
