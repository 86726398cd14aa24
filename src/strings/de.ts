import { named, type Strings } from './strings.js';

export const de: Strings = {
  checking: named('Verbindung zu {name} wird geprüft…', 'Verbindung wird geprüft…'),
  valid: named('{name} ist verbunden', 'Verbunden'),
  invalid: named('{name} muss neu verbunden werden', 'Diese Verbindung muss neu hergestellt werden'),
  reconnecting: named('Verbindung mit {name} wird hergestellt…', 'Verbindung wird hergestellt…'),
  disconnected: named('{name} ist nicht verbunden', 'Nicht verbunden'),
  error: named('Verbindung zu {name} konnte nicht geprüft werden', 'Verbindung konnte nicht geprüft werden'),
  tokenFailed: 'Start fehlgeschlagen. Bitte erneut versuchen.',
  verifyFailed: 'Noch nicht verbunden. Bitte erneut versuchen.',
  signIn: 'Bitte melden Sie sich an.',
  notConnectable: 'Hier nicht verbindbar. Fragen Sie Ihren Administrator.',
  missingScopes: named('{name} benötigt neue Berechtigungen', 'Neue Berechtigungen sind nötig'),
  stillMissing: 'Noch nicht erlaubt:',
  retrying: 'Wir versuchen es automatisch erneut.',
  connect: 'Verbinden',
  reconnect: 'Neu verbinden',
  tryAgain: 'Erneut versuchen',
  // Accessible names, in each language's own word order ("GitHub neu verbinden").
  connectName: named('{name} verbinden', 'Verbinden'),
  reconnectName: named('{name} neu verbinden', 'Neu verbinden'),
  tryAgainName: named('Erneut versuchen: {name}', 'Erneut versuchen: diese Verbindung'),
  opening: named('{name} wird geöffnet…', 'Wird geöffnet…'),
};
