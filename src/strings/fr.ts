import { named, type Strings } from './strings.js';

export const fr: Strings = {
  checking: named('Vérification de la connexion {name}…', 'Vérification de la connexion…'),
  valid: named('{name} est connecté', 'Connecté'),
  invalid: named('{name} doit être reconnecté', 'Cette connexion doit être rétablie'),
  reconnecting: named('Reconnexion à {name}…', 'Reconnexion…'),
  error: named('Impossible de vérifier la connexion {name}', 'Impossible de vérifier la connexion'),
  tokenFailed: 'Impossible de lancer la reconnexion. Réessayez.',
  verifyFailed: 'Toujours pas connecté. Réessayez de vous reconnecter.',
  retrying: 'Nous réessaierons automatiquement.',
  reconnect: 'Reconnecter',
  tryAgain: 'Réessayer',
};
