import { named, type Strings } from './strings.js';

export const es: Strings = {
  checking: named('Comprobando la conexión con {name}…', 'Comprobando la conexión…'),
  valid: named('{name} está conectado', 'Conectado'),
  invalid: named('{name} debe volver a conectarse', 'Esta conexión debe volver a conectarse'),
  reconnecting: named('Conectando {name}…', 'Conectando…'),
  disconnected: named('{name} no está conectado', 'No conectado'),
  error: named('No se pudo comprobar la conexión con {name}', 'No se pudo comprobar la conexión'),
  tokenFailed: 'No se pudo iniciar. Inténtalo de nuevo.',
  verifyFailed: 'Sigue sin conectarse. Inténtalo de nuevo.',
  signIn: 'Inicia sesión para verla.',
  notConnectable: 'No se puede conectar aquí. Contacta con tu administrador.',
  missingScopes: named('{name} necesita nuevos permisos', 'Se necesitan nuevos permisos'),
  stillMissing: 'Aún sin permitir:',
  retrying: 'Lo volveremos a intentar automáticamente.',
  connect: 'Conectar',
  reconnect: 'Reconectar',
  tryAgain: 'Reintentar',
  // Accessible names, in each language's own word order ("GitHub neu verbinden").
  connectName: named('Conectar {name}', 'Conectar'),
  reconnectName: named('Reconectar {name}', 'Reconectar'),
  tryAgainName: named('Reintentar: {name}', 'Reintentar: esta conexión'),
  opening: named('Abriendo {name}…', 'Abriendo…'),
};
