import { named, type Strings } from './strings.js';

export const es: Strings = {
  checking: named('Comprobando la conexión con {name}…', 'Comprobando la conexión…'),
  valid: named('{name} está conectado', 'Conectado'),
  invalid: named('{name} debe volver a conectarse', 'Esta conexión debe volver a conectarse'),
  reconnecting: named('Reconectando {name}…', 'Reconectando…'),
  error: named('No se pudo comprobar la conexión con {name}', 'No se pudo comprobar la conexión'),
  tokenFailed: 'No se pudo iniciar la reconexión. Inténtalo de nuevo.',
  verifyFailed: 'Sigue sin conectarse. Vuelve a intentar la reconexión.',
  retrying: 'Lo volveremos a intentar automáticamente.',
  reconnect: 'Reconectar',
  tryAgain: 'Reintentar',
};
