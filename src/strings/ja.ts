import { named, type Strings } from './strings.js';

export const ja: Strings = {
  checking: named('{name} の接続を確認しています…', '接続を確認しています…'),
  valid: named('{name} は接続済みです', '接続済み'),
  invalid: named('{name} の再接続が必要です', 'この接続は再接続が必要です'),
  reconnecting: named('{name} に接続しています…', '接続しています…'),
  disconnected: named('{name} は接続されていません', '接続されていません'),
  error: named('{name} の接続を確認できませんでした', '接続を確認できませんでした'),
  tokenFailed: '開始できませんでした。再試行してください。',
  verifyFailed: 'まだ接続されていません。再試行してください。',
  signIn: 'サインインしてください。',
  notConnectable: 'ここからは接続できません。管理者に連絡してください。',
  missingScopes: named('{name} に新しい権限が必要です', '新しい権限が必要です'),
  stillMissing: 'まだ許可されていません：',
  retrying: '自動的に再試行します。',
  connect: '接続',
  reconnect: '再接続',
  tryAgain: '再試行',
  // Accessible names, in each language's own word order ("GitHub neu verbinden").
  connectName: named('{name} に接続', '接続'),
  reconnectName: named('{name} を再接続', '再接続'),
  tryAgainName: named('{name} の接続を再試行', 'この接続を再試行'),
  opening: named('{name} を開いています…', '開いています…'),
};
