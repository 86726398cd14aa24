import { named, type Strings } from './strings.js';

export const en: Strings = {
  checking: named('Checking {name} connection…', 'Checking connection…'),
  valid: named('{name} is connected', 'Connected'),
  invalid: named('{name} needs to be reconnected', 'This connection needs to be reconnected'),
  reconnecting: named('Connecting {name}…', 'Connecting…'),
  disconnected: named('{name} is not connected', 'Not connected'),
  error: named("Couldn't check {name} connection", "Couldn't check the connection"),
  tokenFailed: "Couldn't start. Try again.",
  verifyFailed: 'Still not connected. Try again.',
  signIn: 'Sign in to see this connection.',
  notConnectable: "Can't connect from here. Contact your administrator.",
  missingScopes: named('{name} needs new permissions', 'New permissions needed'),
  stillMissing: 'Still not allowed:',
  retrying: "We'll try again automatically.",
  connect: 'Connect',
  reconnect: 'Reconnect',
  tryAgain: 'Try again',
  // Accessible names, in each language's own word order ("GitHub neu verbinden").
  connectName: named('Connect {name}', 'Connect'),
  reconnectName: named('Reconnect {name}', 'Reconnect'),
  tryAgainName: named('Try again: {name}', 'Try again: this connection'),
  opening: named('Opening {name}…', 'Opening…'),
};
