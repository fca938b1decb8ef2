/**
 * Synthetic secrets and look-alikes, built when tests and benchmarks run so that no realistic
 * credential is ever committed (GitHub push protection and our own check would rightly flag it).
 * Every token is assembled from pieces, so this file itself holds no whole token format.
 */
import { generateKeyPairSync } from 'node:crypto';

/** Deterministic PRNG (mulberry32): the same seed gives the same corpus, run after run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';

export class SecretFactory {
  private readonly rand: () => number;
  constructor(seed = 42) {
    this.rand = prng(seed);
  }
  pick(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.rand() * alphabet.length)];
    return out;
  }
  alnum = (n: number): string => this.pick(ALNUM, n);
  hex = (n: number): string => this.pick(HEX, n);
  base64 = (n: number): string => this.pick(B64, n);
  digits = (n: number): string => this.pick('0123456789', n);

  githubToken = (): string => ['gh', 'p_', this.alnum(36)].join('');
  githubFineGrained = (): string => ['github', '_pat_', this.alnum(22), '_', this.alnum(59)].join('');
  slackBotToken = (): string =>
    ['xo', 'xb-', this.digits(11), '-', this.digits(13), '-', this.alnum(24)].join('');
  slackWebhook = (): string =>
    [
      'https://hooks.',
      'slack.com/services/T',
      this.pick(UPPER_DIGITS, 10),
      '/B',
      this.pick(UPPER_DIGITS, 10),
      '/',
      this.alnum(24),
    ].join('');
  awsAccessKeyId = (): string => ['AK', 'IA', this.pick(UPPER_DIGITS, 16)].join('');
  awsSecretKey = (): string => this.base64(40);
  npmToken = (): string => ['np', 'm_', this.alnum(36)].join('');
  openaiKey = (): string => ['sk-', 'proj-', this.alnum(74), 'T3Blbk', 'FJ', this.alnum(74)].join('');
  anthropicKey = (): string => ['sk-', 'ant-', 'api03-', this.alnum(93), 'AA'].join('');
  sendgridKey = (): string => ['S', 'G.', this.alnum(22), '.', this.alnum(43)].join('');
  shopifyToken = (): string => ['shp', 'at_', this.hex(32)].join('');
  linearKey = (): string => ['lin', '_api_', this.alnum(40)].join('');
  nhsApiKey = (): string => this.alnum(32);
  azureAccountKey = (): string => this.base64(86) + '==';
  password = (): string => this.alnum(20);

  /** A 1Password service account token: `ops_` then base64 JSON whose encoding ends in "fQ". */
  onePasswordToken(): string {
    let json = JSON.stringify({
      email: `${this.alnum(12).toLowerCase()}@1passwordserviceaccounts.lcl`,
      secretKey: this.alnum(40),
      muk: this.alnum(43),
    });
    // base64 of a trailing "}" is "fQ==" only when the length is 1 modulo 3.
    while (json.length % 3 !== 1) json = json.replace('{', '{ ');
    return ['op', 's_', Buffer.from(json).toString('base64')].join('');
  }

  /** A real, freshly generated private key in the given PEM encoding. */
  pemKey(kind: 'pkcs1' | 'pkcs8' | 'sec1' | 'encrypted'): string {
    if (kind === 'sec1' || kind === 'pkcs8') {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return privateKey.export({ format: 'pem', type: kind }) as string;
    }
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    if (kind === 'encrypted')
      return privateKey.export({
        format: 'pem',
        type: 'pkcs8',
        cipher: 'aes-256-cbc',
        passphrase: this.alnum(12),
      }) as string;
    return privateKey.export({ format: 'pem', type: 'pkcs1' }) as string;
  }

  /** OpenSSH's own key format (PROTOCOL.key): "openssh-key-v1\0" then the key, in base64. */
  opensshKey(): string {
    const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), Buffer.from(this.base64(300))]).toString(
      'base64',
    );
    const lines = body.match(/.{1,70}/g) ?? [];
    return [
      '-----BEGIN OPENSSH ',
      'PRIVATE KEY-----\n',
      lines.join('\n'),
      '\n-----END OPENSSH PRIVATE KEY-----\n',
    ].join('');
  }

  /** A Google Cloud service account key file as the console downloads it. */
  gcpServiceAccountJson(): string {
    return JSON.stringify(
      {
        type: 'service_account',
        project_id: 'demo-project',
        private_key_id: this.hex(40),
        private_key: this.pemKey('pkcs8'),
        client_email: 'robot@demo-project.iam.gserviceaccount.com',
        client_id: this.digits(21),
      },
      null,
      2,
    );
  }
}
