import { named, type Strings } from './strings.js';

export const fr: Strings = {
  checking: named('Vérification de la connexion {name}…', 'Vérification de la connexion…'),
  valid: named('{name} est connecté', 'Connecté'),
  invalid: named('{name} doit être reconnecté', 'Cette connexion doit être rétablie'),
  reconnecting: named('Connexion à {name}…', 'Connexion…'),
  disconnected: named('{name} n’est pas connecté', 'Non connecté'),
  error: named('Impossible de vérifier la connexion {name}', 'Impossible de vérifier la connexion'),
  tokenFailed: 'Impossible de démarrer. Réessayez.',
  verifyFailed: 'Toujours pas connecté. Réessayez.',
  signIn: 'Connectez-vous pour la voir.',
  notConnectable: 'Connexion impossible ici. Contactez votre administrateur.',
  missingScopes: named('{name} a besoin de nouvelles autorisations', 'De nouvelles autorisations sont nécessaires'),
  stillMissing: 'Toujours non autorisé :',
  retrying: 'Nous réessaierons automatiquement.',
  connect: 'Connecter',
  reconnect: 'Reconnecter',
  tryAgain: 'Réessayer',
  // Accessible names, in each language's own word order ("GitHub neu verbinden").
  connectName: named('Connecter {name}', 'Connecter'),
  reconnectName: named('Reconnecter {name}', 'Reconnecter'),
  tryAgainName: named('Réessayer\u00a0: {name}', 'Réessayer\u00a0: cette connexion'),
  opening: named('Ouverture de {name}…', 'Ouverture…'),
};
