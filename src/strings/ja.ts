import { named, type Strings } from './strings.js';

export const ja: Strings = {
  checking: named('{name} の接続を確認しています…', '接続を確認しています…'),
  valid: named('{name} は接続済みです', '接続済み'),
  invalid: named('{name} の再接続が必要です', 'この接続は再接続が必要です'),
  reconnecting: named('{name} に再接続しています…', '再接続しています…'),
  error: named('{name} の接続を確認できませんでした', '接続を確認できませんでした'),
  tokenFailed: '再接続を開始できませんでした。もう一度お試しください。',
  verifyFailed: 'まだ接続されていません。もう一度再接続してください。',
  retrying: '自動的に再試行します。',
  reconnect: '再接続',
  tryAgain: '再試行',
};
