// @ts-check
/**
 * The stand-in Connect UI's words, in the languages Nango's Connect UI has (en, fr, de, es, ja).
 * Chosen by the `lang` query parameter that `ConnectUI` adds to the iframe URL.
 */

/**
 * @typedef {object} StandInStrings
 * @property {string} loading
 * @property {string} close
 * @property {(name: string) => string} reconnectTitle
 * @property {(name: string) => string} connectTitle  The same form in a connect session (a first connection).
 * @property {(name: string, reconnecting: boolean) => string} apiKeyIntro  A connect session makes a first connection; a reconnect session restores one.
 * @property {string} apiKeyLabel
 * @property {(name: string) => string} apiKeyHint
 * @property {string} apiKeyRequired
 * @property {string} authorize
 * @property {string} authorizing
 * @property {(name: string) => string} invalidCredentials
 * @property {string} unknownError
 * @property {(app: string, name: string) => string} consentTitle
 * @property {(app: string) => string} consentIntro
 * @property {(email: string) => string} signedInAs
 * @property {(name: string) => string} consentProvider
 * @property {string} requestedScopes  Above the scopes Nango asks the provider for, each a checkbox the user may untick.
 * @property {string} allow
 * @property {string} cancel
 * @property {(name: string) => string} successTitle
 * @property {(name: string) => string} connectedTitle  Success in a connect session.
 * @property {string} successText
 * @property {string} finish
 * @property {string} expiredTitle
 * @property {string} expiredText
 * @property {string} errorTitle
 * @property {string} noTokenText
 * @property {string} loadFailedText
 * @property {string} standIn
 */

/** @type {StandInStrings} */
const en = {
  loading: 'Loading…',
  close: 'Close',
  reconnectTitle: (name) => `Reconnect ${name}`,
  connectTitle: (name) => `Connect ${name}`,
  apiKeyIntro: (name, reconnecting) => (reconnecting ? `Enter a new API key to restore your ${name} connection.` : `Enter your ${name} API key to connect it.`),
  apiKeyLabel: 'API key',
  apiKeyHint: (name) => `You can create one in your ${name} settings.`,
  apiKeyRequired: 'Enter your API key.',
  authorize: 'Authorize',
  authorizing: 'Authorizing…',
  invalidCredentials: (name) => `${name} did not accept this API key. Check it and try again.`,
  unknownError: 'Something went wrong. Try again.',
  consentTitle: (app, name) => `Allow ${app} to access your ${name} account`,
  consentIntro: (app) => `${app} will be able to:`,
  signedInAs: (email) => `Signed in as ${email}`,
  consentProvider: (name) => `${name} · simulated sign-in`,
  requestedScopes: 'Requested permissions',
  allow: 'Allow',
  cancel: 'Cancel',
  successTitle: (name) => `${name} is reconnected`,
  connectedTitle: (name) => `${name} is connected`,
  successText: 'You can close this window and go back to the app.',
  finish: 'Finish',
  expiredTitle: 'Session expired',
  expiredText: 'This link has expired. Close this window and try again from the app.',
  errorTitle: 'Something went wrong',
  noTokenText: 'Connect UI did not receive a session. Close this window and try again.',
  loadFailedText: 'Connect UI could not load this integration. Close this window and try again.',
  standIn: 'Offline stand-in for Nango Connect UI',
};

/** @type {StandInStrings} */
const fr = {
  loading: 'Chargement…',
  close: 'Fermer',
  reconnectTitle: (name) => `Reconnecter ${name}`,
  connectTitle: (name) => `Connecter ${name}`,
  apiKeyIntro: (name, reconnecting) => (reconnecting ? `Saisissez une nouvelle clé API pour rétablir votre connexion ${name}.` : `Saisissez votre clé API ${name} pour la connecter.`),
  apiKeyLabel: 'Clé API',
  apiKeyHint: (name) => `Vous pouvez en créer une dans les paramètres de ${name}.`,
  apiKeyRequired: 'Saisissez votre clé API.',
  authorize: 'Autoriser',
  authorizing: 'Autorisation…',
  invalidCredentials: (name) => `${name} n’a pas accepté cette clé API. Vérifiez-la et réessayez.`,
  unknownError: 'Une erreur est survenue. Réessayez.',
  consentTitle: (app, name) => `Autoriser ${app} à accéder à votre compte ${name}`,
  consentIntro: (app) => `${app} pourra :`,
  signedInAs: (email) => `Connecté en tant que ${email}`,
  consentProvider: (name) => `${name} · connexion simulée`,
  requestedScopes: 'Autorisations demandées',
  allow: 'Autoriser',
  cancel: 'Annuler',
  successTitle: (name) => `${name} est reconnecté`,
  connectedTitle: (name) => `${name} est connecté`,
  successText: 'Vous pouvez fermer cette fenêtre et revenir à l’application.',
  finish: 'Terminer',
  expiredTitle: 'Session expirée',
  expiredText: 'Ce lien a expiré. Fermez cette fenêtre et réessayez depuis l’application.',
  errorTitle: 'Une erreur est survenue',
  noTokenText: 'Connect UI n’a reçu aucune session. Fermez cette fenêtre et réessayez.',
  loadFailedText: 'Connect UI n’a pas pu charger cette intégration. Fermez cette fenêtre et réessayez.',
  standIn: 'Substitut hors ligne de Nango Connect UI',
};

/** @type {StandInStrings} */
const de = {
  loading: 'Wird geladen…',
  close: 'Schließen',
  reconnectTitle: (name) => `${name} erneut verbinden`,
  connectTitle: (name) => `${name} verbinden`,
  apiKeyIntro: (name, reconnecting) =>
    reconnecting ? `Geben Sie einen neuen API-Schlüssel ein, um Ihre ${name}-Verbindung wiederherzustellen.` : `Geben Sie Ihren ${name}-API-Schlüssel ein, um die Verbindung herzustellen.`,
  apiKeyLabel: 'API-Schlüssel',
  apiKeyHint: (name) => `Sie können einen in Ihren ${name}-Einstellungen erstellen.`,
  apiKeyRequired: 'Geben Sie Ihren API-Schlüssel ein.',
  authorize: 'Autorisieren',
  authorizing: 'Wird autorisiert…',
  invalidCredentials: (name) => `${name} hat diesen API-Schlüssel nicht akzeptiert. Prüfen Sie ihn und versuchen Sie es erneut.`,
  unknownError: 'Etwas ist schiefgelaufen. Versuchen Sie es erneut.',
  consentTitle: (app, name) => `${app} Zugriff auf Ihr ${name}-Konto erlauben`,
  consentIntro: (app) => `${app} kann dann:`,
  signedInAs: (email) => `Angemeldet als ${email}`,
  consentProvider: (name) => `${name} · simulierte Anmeldung`,
  requestedScopes: 'Angeforderte Berechtigungen',
  allow: 'Erlauben',
  cancel: 'Abbrechen',
  successTitle: (name) => `${name} ist wieder verbunden`,
  connectedTitle: (name) => `${name} ist verbunden`,
  successText: 'Sie können dieses Fenster schließen und zur App zurückkehren.',
  finish: 'Fertig',
  expiredTitle: 'Sitzung abgelaufen',
  expiredText: 'Dieser Link ist abgelaufen. Schließen Sie dieses Fenster und versuchen Sie es in der App erneut.',
  errorTitle: 'Etwas ist schiefgelaufen',
  noTokenText: 'Connect UI hat keine Sitzung erhalten. Schließen Sie dieses Fenster und versuchen Sie es erneut.',
  loadFailedText: 'Connect UI konnte diese Integration nicht laden. Schließen Sie dieses Fenster und versuchen Sie es erneut.',
  standIn: 'Offline-Ersatz für Nango Connect UI',
};

/** @type {StandInStrings} */
const es = {
  loading: 'Cargando…',
  close: 'Cerrar',
  reconnectTitle: (name) => `Reconectar ${name}`,
  connectTitle: (name) => `Conectar ${name}`,
  apiKeyIntro: (name, reconnecting) => (reconnecting ? `Introduce una nueva clave de API para restablecer tu conexión con ${name}.` : `Introduce tu clave de API de ${name} para conectarla.`),
  apiKeyLabel: 'Clave de API',
  apiKeyHint: (name) => `Puedes crear una en la configuración de ${name}.`,
  apiKeyRequired: 'Introduce tu clave de API.',
  authorize: 'Autorizar',
  authorizing: 'Autorizando…',
  invalidCredentials: (name) => `${name} no aceptó esta clave de API. Revísala e inténtalo de nuevo.`,
  unknownError: 'Algo salió mal. Inténtalo de nuevo.',
  consentTitle: (app, name) => `Permitir que ${app} acceda a tu cuenta de ${name}`,
  consentIntro: (app) => `${app} podrá:`,
  signedInAs: (email) => `Sesión iniciada como ${email}`,
  consentProvider: (name) => `${name} · inicio de sesión simulado`,
  requestedScopes: 'Permisos solicitados',
  allow: 'Permitir',
  cancel: 'Cancelar',
  successTitle: (name) => `${name} se ha reconectado`,
  connectedTitle: (name) => `${name} se ha conectado`,
  successText: 'Puedes cerrar esta ventana y volver a la aplicación.',
  finish: 'Finalizar',
  expiredTitle: 'Sesión caducada',
  expiredText: 'Este enlace ha caducado. Cierra esta ventana y vuelve a intentarlo desde la aplicación.',
  errorTitle: 'Algo salió mal',
  noTokenText: 'Connect UI no recibió ninguna sesión. Cierra esta ventana y vuelve a intentarlo.',
  loadFailedText: 'Connect UI no pudo cargar esta integración. Cierra esta ventana y vuelve a intentarlo.',
  standIn: 'Sustituto sin conexión de Nango Connect UI',
};

/** @type {StandInStrings} */
const ja = {
  loading: '読み込み中…',
  close: '閉じる',
  reconnectTitle: (name) => `${name} を再接続`,
  connectTitle: (name) => `${name} を接続`,
  apiKeyIntro: (name, reconnecting) => (reconnecting ? `${name} との接続を復元するには、新しい API キーを入力してください。` : `${name} に接続するには、API キーを入力してください。`),
  apiKeyLabel: 'API キー',
  apiKeyHint: (name) => `API キーは ${name} の設定で作成できます。`,
  apiKeyRequired: 'API キーを入力してください。',
  authorize: '承認',
  authorizing: '承認しています…',
  invalidCredentials: (name) => `${name} はこの API キーを受け付けませんでした。確認してもう一度お試しください。`,
  unknownError: '問題が発生しました。もう一度お試しください。',
  consentTitle: (app, name) => `${app} に ${name} アカウントへのアクセスを許可`,
  consentIntro: (app) => `${app} は次のことができるようになります:`,
  signedInAs: (email) => `${email} としてサインイン中`,
  consentProvider: (name) => `${name} · シミュレーションのサインイン`,
  requestedScopes: '要求された権限',
  allow: '許可',
  cancel: 'キャンセル',
  successTitle: (name) => `${name} を再接続しました`,
  connectedTitle: (name) => `${name} を接続しました`,
  successText: 'このウィンドウを閉じてアプリに戻れます。',
  finish: '完了',
  expiredTitle: 'セッションの有効期限切れ',
  expiredText: 'このリンクは有効期限が切れています。このウィンドウを閉じて、アプリからもう一度お試しください。',
  errorTitle: '問題が発生しました',
  noTokenText: 'Connect UI がセッションを受け取れませんでした。このウィンドウを閉じて、もう一度お試しください。',
  loadFailedText: 'Connect UI がこの連携を読み込めませんでした。このウィンドウを閉じて、もう一度お試しください。',
  standIn: 'Nango Connect UI のオフライン代替',
};

/** @type {Record<string, StandInStrings>} */
const locales = { en, fr, de, es, ja };

/**
 * The strings for a BCP 47 tag (`fr-CA` → `fr`), English when unknown.
 * @param {string | null | undefined} lang
 * @returns {{ lang: string, t: StandInStrings }}
 */
export function stringsFor(lang) {
  const primary = (lang ?? '').toLowerCase().split('-')[0];
  return primary in locales ? { lang: primary, t: locales[primary] } : { lang: 'en', t: en };
}
