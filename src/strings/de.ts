import { named, type Strings } from './strings.js';

export const de: Strings = {
  checking: named('Verbindung zu {name} wird geprüft…', 'Verbindung wird geprüft…'),
  valid: named('{name} ist verbunden', 'Verbunden'),
  invalid: named('{name} muss neu verbunden werden', 'Diese Verbindung muss neu hergestellt werden'),
  reconnecting: named('{name} wird neu verbunden…', 'Wird neu verbunden…'),
  error: named('Verbindung zu {name} konnte nicht geprüft werden', 'Verbindung konnte nicht geprüft werden'),
  tokenFailed: 'Neuverbindung konnte nicht gestartet werden. Bitte erneut versuchen.',
  verifyFailed: 'Immer noch nicht verbunden. Bitte erneut verbinden.',
  retrying: 'Wir versuchen es automatisch erneut.',
  reconnect: 'Neu verbinden',
  tryAgain: 'Erneut versuchen',
};
