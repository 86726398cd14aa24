/**
 * Names read naturally in every built-in language: a native-speaker table of every action's
 * accessible name (with and without the integration's name), Connect UI's title and the
 * loading layer, and WCAG 2.5.3 "label in name": each button's name contains its visible
 * label, as words, whatever the case ("Neu verbinden" in "GitHub neu verbinden"), so speech
 * input users can say what they see. Read from the widget and, for one language, from
 * Chromium's accessibility tree.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/index.js';
import type { NangoConnectionStatus } from '../src/index.js';
import { resolveStrings } from '../src/strings/index.js';
import { actionButton, connectUiFrames, connectUiUrl, messageText, scenario, untilStatus, type Answer } from './support/fixtures.js';

type Row = { connect: string; reconnect: string; tryAgain: string; tryAgainNoName: string; opening: string; firstFailure: string };

/** As a native speaker would say it. French puts a (no-break) space before the colon. */
const table: Record<'en' | 'fr' | 'de' | 'es' | 'ja', Row> = {
  en: {
    connect: 'Connect GitHub',
    reconnect: 'Reconnect GitHub',
    tryAgain: 'Try again: GitHub',
    tryAgainNoName: 'Try again: this connection',
    opening: 'Opening GitHub…',
    firstFailure: "Couldn't check GitHub connection. We'll try again automatically.",
  },
  fr: {
    connect: 'Connecter GitHub',
    reconnect: 'Reconnecter GitHub',
    tryAgain: 'Réessayer\u00a0: GitHub',
    tryAgainNoName: 'Réessayer\u00a0: cette connexion',
    opening: 'Ouverture de GitHub…',
    firstFailure: 'Impossible de vérifier la connexion GitHub. Nous réessaierons automatiquement.',
  },
  de: {
    connect: 'GitHub verbinden',
    reconnect: 'GitHub neu verbinden',
    tryAgain: 'Erneut versuchen: GitHub',
    tryAgainNoName: 'Erneut versuchen: diese Verbindung',
    opening: 'GitHub wird geöffnet…',
    firstFailure: 'Verbindung zu GitHub konnte nicht geprüft werden. Wir versuchen es automatisch erneut.',
  },
  es: {
    connect: 'Conectar GitHub',
    reconnect: 'Reconectar GitHub',
    tryAgain: 'Reintentar: GitHub',
    tryAgainNoName: 'Reintentar: esta conexión',
    opening: 'Abriendo GitHub…',
    firstFailure: 'No se pudo comprobar la conexión con GitHub. Lo volveremos a intentar automáticamente.',
  },
  ja: {
    connect: 'GitHub に接続',
    reconnect: 'GitHub を再接続',
    tryAgain: 'GitHub の接続を再試行',
    tryAgainNoName: 'この接続を再試行',
    opening: 'GitHub を開いています…',
    firstFailure: 'GitHub の接続を確認できませんでした。 自動的に再試行します。',
  },
};

/** `label` appears in `name` as whole words, ignoring case (2.5.3; Japanese has no spaces between words). */
function labelInName(label: string, name: string, lang: string): boolean {
  const at = name.toLocaleLowerCase(lang).indexOf(label.toLocaleLowerCase(lang));
  if (at < 0) return false;
  if (lang === 'ja') return true;
  const before = name[at - 1];
  const after = name[at + label.length];
  return (before === undefined || /[\s\u00a0:]/.test(before)) && (after === undefined || /[\s\u00a0:]/.test(after));
}

async function widget(lang: string, answer: Answer, name = 'GitHub') {
  const route = await scenario(answer);
  const el = await fixture<NangoConnectionStatus>(
    html`<nango-connection-status lang=${lang} status-url=${route.url} token-url=${route.url} connect-ui-url=${new URL('no-connect-ui-here/', await connectUiUrl()).href} integration-name=${name}></nango-connection-status>`,
  );
  return el;
}

afterEach(() => {
  for (const frame of connectUiFrames()) frame.remove();
});

for (const [lang, row] of Object.entries(table) as Array<[keyof typeof table, Row]>) {
  describe(`names in ${lang}`, () => {
    it('every action, Connect UI’s title and the loading layer, in the language’s own order; each name contains its visible label', async () => {
      const strings = resolveStrings(lang);
      const seen = {
        connect: strings.connectName('GitHub'),
        reconnect: strings.reconnectName('GitHub'),
        tryAgain: strings.tryAgainName('GitHub'),
        tryAgainNoName: strings.tryAgainName(),
        opening: strings.opening('GitHub'),
      };
      const { firstFailure: _, ...expected } = row;
      expect(seen).to.deep.equal(expected);
      for (const [action, name] of [['connect', seen.connect], ['reconnect', seen.reconnect], ['tryAgain', seen.tryAgain], ['tryAgain', seen.tryAgainNoName]] as const) {
        expect(labelInName(strings[action], name, lang), `"${strings[action]}" in "${name}"`).to.be.true;
      }
      // Without a name, Connect and Reconnect are named by their label alone (the message describes them).
      expect([strings.connectName(), strings.reconnectName()]).to.deep.equal([strings.connect, strings.reconnect]);
    });

    it('the widget uses them: the button, Connect UI’s title and the layer', async () => {
      const el = await widget(lang, { status: 400, json: {} });
      await untilStatus(el, 'invalid');
      const button = actionButton(el)!;
      expect([button.getAttribute('aria-label'), button.textContent]).to.deep.equal([row.reconnect, resolveStrings(lang).reconnect]);
      el.reconnect();
      const [frame] = connectUiFrames();
      expect(frame.title).to.equal(row.reconnect);
      expect(document.querySelector('body > [role="dialog"]')?.getAttribute('aria-label')).to.equal(row.opening);
      await expect(el).to.be.accessible();
    });

    it('the first check fails: the integration named from integration-name, a full stop between state and detail', async () => {
      const el = await widget(lang, { status: 503, headers: { 'Retry-After': '300' } });
      await untilStatus(el, 'error');
      expect(messageText(el)).to.equal(row.firstFailure);
      expect(actionButton(el)!.getAttribute('aria-label')).to.equal(row.tryAgain);
      await expect(el).to.be.accessible();
    });

    it('with no integration-name and no answer: "this connection"', async () => {
      const el = await widget(lang, { status: 503, headers: { 'Retry-After': '300' } }, '');
      await untilStatus(el, 'error');
      expect(actionButton(el)!.getAttribute('aria-label')).to.equal(row.tryAgainNoName);
    });
  });
}

describe('names in the accessibility tree', () => {
  it('Chromium computes the German button name from its template, and a disconnected widget’s Connect', async () => {
    const invalid = await widget('de', { status: 400, json: {} });
    const disconnected = await widget('de', { status: 404, json: {} }, 'Notion');
    await untilStatus(invalid, 'invalid');
    await untilStatus(disconnected, 'disconnected');
    const tree = (await executeServerCommand<string[], undefined>('a11y-tree'))!.map((line) => line.trim());
    expect(tree).to.include.members(['button "GitHub neu verbinden"', 'button "Notion verbinden"']);
  });
});
