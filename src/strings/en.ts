import { named, type Strings } from './strings.js';

export const en: Strings = {
  checking: named('Checking {name} connection…', 'Checking connection…'),
  valid: named('{name} is connected', 'Connected'),
  invalid: named('{name} needs to be reconnected', 'This connection needs to be reconnected'),
  reconnecting: named('Reconnecting {name}…', 'Reconnecting…'),
  error: named("Couldn't check {name} connection", "Couldn't check the connection"),
  tokenFailed: "Couldn't start reconnecting. Try again.",
  verifyFailed: 'Still not connected. Try reconnecting again.',
  retrying: "We'll try again automatically.",
  reconnect: 'Reconnect',
  tryAgain: 'Try again',
};
