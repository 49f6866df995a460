import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDACTION_KINDS, redactSecrets, type RedactionKind } from './redact';

const FIXTURES = new URL('../../test/fixtures/redaction/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, FIXTURES), 'utf8');
const listDir = (dir: string): string[] => readdirSync(new URL(dir, FIXTURES)).sort();

type Expectation = { kinds: RedactionKind[]; count: number; secrets: string[] };
const expected = JSON.parse(read('positive/expected.json')) as Record<string, Expectation>;
const positives = listDir('positive/').filter((name) => name !== 'expected.json');
const negatives = listDir('negative/');

/** No lone surrogate: in `u` mode a proper pair is one code point, so only a lone half is category Cs. */
const isWellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

const marker = (kind: RedactionKind): string => `[REDACTED:${kind}]`;

/** Every `size`-character window of `secret` (the whole secret when shorter). */
function windows(secret: string, size: number): string[] {
  if (secret.length <= size) return [secret];
  return Array.from({ length: secret.length - size + 1 }, (_, i) => secret.slice(i, i + size));
}

describe('positive corpus', () => {
  it('lists every file in expected.json and nothing else', () => {
    expect(Object.keys(expected).sort()).toEqual(positives);
  });

  it.each(positives)('%s: every secret is caught with the right kind and count', (name) => {
    const input = read(`positive/${name}`);
    const want = expected[name];
    if (!want) throw new Error(`${name} has no entry in expected.json`);
    const result = redactSecrets(input);
    expect(result.kinds).toEqual(want.kinds);
    expect(result.count).toBe(want.count);
    expect(result.text.match(/\[REDACTED:[a-z-]+\]/g) ?? []).toHaveLength(want.count);
  });

  it.each(positives)('%s: no fragment of a secret survives', (name) => {
    const input = read(`positive/${name}`);
    const secrets = expected[name]?.secrets ?? [];
    const output = redactSecrets(input).text;
    // Text that is not a listed secret may legitimately share a fragment with one (a kept pk_live_ key, a key name).
    const residue = secrets.reduce((rest, secret) => rest.split(secret).join('\u0000'), input);
    for (const secret of secrets) {
      expect(input, 'fixture lists a secret it does not contain').toContain(secret);
      expect(output).not.toContain(secret);
      for (const fragment of windows(secret, 10)) {
        if (!residue.includes(fragment)) expect(output, `fragment of ${secret}`).not.toContain(fragment);
      }
    }
  });
});

describe('negative corpus', () => {
  it.each(negatives)('%s comes through byte-identical', (name) => {
    const input = read(`negative/${name}`);
    const result = redactSecrets(input);
    expect(result.text).toBe(input);
    expect(result.count).toBe(0);
    expect(result.kinds).toEqual([]);
  });
});

describe('idempotence', () => {
  it.each([...positives.map((n) => `positive/${n}`), ...negatives.map((n) => `negative/${n}`)])(
    '%s: redacting the redacted text changes nothing',
    (path) => {
      const once = redactSecrets(read(path)).text;
      const twice = redactSecrets(once);
      expect(twice.text).toBe(once);
      expect(twice.count).toBe(0);
    },
  );

  it('never matches its own markers, alone or in context', () => {
    for (const kind of REDACTION_KINDS) {
      for (const text of [
        marker(kind),
        `password=${marker(kind)}`,
        `"token": "${marker(kind)}"`,
        `Authorization: Bearer ${marker(kind)}`,
        `https://${marker(kind)}@example.com/`,
        `postgres://app:${marker(kind)}@db/app`,
        `curl -u ${marker(kind)} https://example.com`,
        `Cookie: ${marker(kind)}`,
        `<password>${marker(kind)}</password>`,
      ]) {
        expect(redactSecrets(text)).toEqual({ text, count: 0, kinds: [] });
      }
    }
  });

  it('does not read a marker as a key name on the second pass', () => {
    for (const text of [
      'ghp_EXAMPLE0000abcdEXAMPLE0000abcdEXAMPL: EXAMPLE0000value',
      'aws_secret_key_EXAMPLE mnu_EXAMPLE0000abcdEXAMPLE0000=abcd0000',
    ]) {
      const once = redactSecrets(text).text;
      expect(redactSecrets(once).text).toBe(once);
    }
  });
});

describe('each kind', () => {
  // [input, expected output, kind]; the fakes have the real shape and are obviously fake.
  const cases: [string, string, RedactionKind][] = [
    ['key AKIAIOSFODNN7EXAMPLE here', 'key [REDACTED:aws-access-key-id] here', 'aws-access-key-id'],
    ['ASIAEXAMPLEABCD00000', '[REDACTED:aws-access-key-id]', 'aws-access-key-id'],
    [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = [REDACTED:aws-secret-key]',
      'aws-secret-key',
    ],
    [
      '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      '"SecretAccessKey": "[REDACTED:aws-secret-key]"',
      'aws-secret-key',
    ],
    ['ghp_EXAMPLE0000abcdEXAMPLE0000abcdEXAMPL', '[REDACTED:github-token]', 'github-token'],
    ['gho_abcd0000EXAMPLEabcd0000EXAMPLEabcd00', '[REDACTED:github-token]', 'github-token'],
    ['github_pat_EXAMPLE0000abcdEXAMPLE_abcd0000EXAMPLEabcd0000EXAMPLEabcd', '[REDACTED:github-token]', 'github-token'],
    ['glpat-EXAMPLE0000abcdEXAMP', '[REDACTED:gitlab-token]', 'gitlab-token'],
    ['glptt-abcd0000abcd0000abcd0000abcd0000abcd0000', '[REDACTED:gitlab-token]', 'gitlab-token'],
    ['xoxb-000000000000-0000000000000-EXAMPLEabcdEXAMPLEabcdEX', '[REDACTED:slack-token]', 'slack-token'],
    ['xapp-1-A0000EXAMPLE-0000000000000-abcd0000abcd', '[REDACTED:slack-token]', 'slack-token'],
    [
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'https://hooks.slack.com/services/[REDACTED:slack-webhook]',
      'slack-webhook',
    ],
    ['sk_live_EXAMPLE0000abcdEXAMPLE00', '[REDACTED:stripe-key]', 'stripe-key'],
    ['rk_test_EXAMPLE0000abcdEXAMPLE00', '[REDACTED:stripe-key]', 'stripe-key'],
    ['whsec_EXAMPLEabcd0000EXAMPLEabcd0000EX', '[REDACTED:stripe-key]', 'stripe-key'],
    ['sk-ant-api03-EXAMPLE0000abcd_-EXAMPLE0000abcd', '[REDACTED:anthropic-key]', 'anthropic-key'],
    ['sk-proj-EXAMPLE0000abcd_-EXAMPLE0000abcd', '[REDACTED:openai-key]', 'openai-key'],
    ['sk-svcacct-EXAMPLE0000abcdEXAMPLE0000abcd', '[REDACTED:openai-key]', 'openai-key'],
    ['sk-EXAMPLE0000abcdEXAMPT3BlbkFJabcd0000EXAMPLEabcd0', '[REDACTED:openai-key]', 'openai-key'],
    ['key=AIzaSyEXAMPLE0000abcdSyEXAMPLE0000abcdS&x=1', 'key=[REDACTED:google-api-key]&x=1', 'google-api-key'],
    ['mnu_EXAMPLE0000abcdEXAMPLE0000', '[REDACTED:mnueron-token]', 'mnueron-token'],
    ['npm_EXAMPLE0000abcdEXAMPLE0000abcdEXAMPL', '[REDACTED:npm-token]', 'npm-token'],
    ['SKabcd0000abcd0000abcd0000abcd0000', '[REDACTED:twilio-key]', 'twilio-key'],
    ['TWILIO_AUTH_TOKEN=abcd0000abcd0000abcd0000abcd0000', 'TWILIO_AUTH_TOKEN=[REDACTED:twilio-key]', 'twilio-key'],
    [
      'SG.EXAMPLE0000abcdEXAMPLE.abcd0000EXAMPLEabcd0000EXAMPLEabcd0000EXAMP',
      '[REDACTED:sendgrid-key]',
      'sendgrid-key',
    ],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJFWEFNUExFIn0.EXAMPLEabcd0000_-EXAMPLEabcd0000', '[REDACTED:jwt]', 'jwt'],
    ['eyJhbGciOiJub25lIn0.eyJzdWIiOiJFWEFNUExFIn0.', '[REDACTED:jwt]', 'jwt'],
    [
      '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIEXAMPLE0000abcd\n-----END EC PRIVATE KEY-----',
      '[REDACTED:private-key]',
      'private-key',
    ],
    [
      'Authorization: Bearer abcd0000EXAMPLE0000abcd',
      'Authorization: Bearer [REDACTED:authorization-header]',
      'authorization-header',
    ],
    [
      "-H 'authorization: Basic ZXhhbXBsZTpFWEFNUExF'",
      "-H 'authorization: Basic [REDACTED:authorization-header]'",
      'authorization-header',
    ],
    [
      'curl -H "X-Token: Bearer EXAMPLE0000abcd0000EXAMPLE" https://x.example',
      'curl -H "X-Token: Bearer [REDACTED:authorization-header]" https://x.example',
      'authorization-header',
    ],
    [
      'curl -u admin:EXAMPLE-pa55 https://ci.example.com',
      'curl -u [REDACTED:authorization-header] https://ci.example.com',
      'authorization-header',
    ],
    ["-H 'Cookie: sid=EXAMPLE0000abcd; theme=dark'", "-H 'Cookie: [REDACTED:cookie-header]'", 'cookie-header'],
    [
      'https://deploy:EXAMPLE-pa55@example.com/repo.git',
      'https://[REDACTED:url-credentials]@example.com/repo.git',
      'url-credentials',
    ],
    [
      'postgresql://app:EXAMPLE-pa55@db.example.com:5432/app',
      'postgresql://app:[REDACTED:connection-string-password]@db.example.com:5432/app',
      'connection-string-password',
    ],
    [
      'mongodb+srv://svc:p@ss-EXAMPLE0@cluster0.example.net/db',
      'mongodb+srv://svc:[REDACTED:connection-string-password]@cluster0.example.net/db',
      'connection-string-password',
    ],
    [
      'redis://:EXAMPLEredis0000@cache:6379/0',
      'redis://:[REDACTED:connection-string-password]@cache:6379/0',
      'connection-string-password',
    ],
    ['DB_PASSWORD=EXAMPLE-pa55', 'DB_PASSWORD=[REDACTED:password-assignment]', 'password-assignment'],
    ['  password: EXAMPLE-pa55', '  password: [REDACTED:password-assignment]', 'password-assignment'],
    ['{"password":"EXAMPLE pa55 word"}', '{"password":"[REDACTED:password-assignment]"}', 'password-assignment'],
    ['secret: EXAMPLE0000abcd', 'secret: [REDACTED:password-assignment]', 'password-assignment'],
    ['api_key = "abcd0000EXAMPLE"', 'api_key = "[REDACTED:password-assignment]"', 'password-assignment'],
    ["token = 'EXAMPLE\\'0000'", "token = '[REDACTED:password-assignment]'", 'password-assignment'],
    ['passwd: 12345678', 'passwd: [REDACTED:password-assignment]', 'password-assignment'],
    ["'password' => 'EXAMPLE-pa55',", "'password' => '[REDACTED:password-assignment]',", 'password-assignment'],
    ['password := "EXAMPLE-pa55"', 'password := "[REDACTED:password-assignment]"', 'password-assignment'],
    ['dbPassword = "EXAMPLE-pa55";', 'dbPassword = "[REDACTED:password-assignment]";', 'password-assignment'],
    ['X-Api-Key: abcd0000EXAMPLE', 'X-Api-Key: [REDACTED:password-assignment]', 'password-assignment'],
    [
      '?user=bob&password=EXAMPLE-pa55&x=1',
      '?user=bob&password=[REDACTED:password-assignment]&x=1',
      'password-assignment',
    ],
    ['--password EXAMPLE-pa55 --verbose', '--password [REDACTED:password-assignment] --verbose', 'password-assignment'],
    ['<apiKey>abcd0000EXAMPLE</apiKey>', '<apiKey>[REDACTED:password-assignment]</apiKey>', 'password-assignment'],
    ['password=!Secr3t#EXAMPLE', 'password=[REDACTED:password-assignment]', 'password-assignment'],
    ['PASSWORD = b"s3cret-EXAMPLE"', 'PASSWORD = b"[REDACTED:password-assignment]"', 'password-assignment'],
    ['password = "correct horse battery staple"', 'password = "[REDACTED:password-assignment]"', 'password-assignment'],
    ['pw=EXAMPLE-pa55', 'pw=[REDACTED:password-assignment]', 'password-assignment'],
    ['passcode: 482913', 'passcode: [REDACTED:password-assignment]', 'password-assignment'],
    ['pin=4829', 'pin=[REDACTED:password-assignment]', 'password-assignment'],
    ['card 4242 4242 4242 4242 exp 12/34', 'card [REDACTED:card-number] exp 12/34', 'card-number'],
    ['4111-1111-1111-1111', '[REDACTED:card-number]', 'card-number'],
    ['amex 378282246310005.', 'amex [REDACTED:card-number].', 'card-number'],
    [
      'client_secret GOCSPX-EXAMPLE0000abcdEXAMPLE0000ab',
      'client_secret [REDACTED:google-oauth-client-secret]',
      'google-oauth-client-secret',
    ],
    [
      'access ya29.a0AfH6SMBEXAMPLE0000abcdEXAMPLE0000abcd',
      'access [REDACTED:google-access-token]',
      'google-access-token',
    ],
    [
      'DefaultEndpointsProtocol=https;AccountName=example;AccountKey=EXAMPLE0000abcdEXAMPLE0000abcd+/EXAMPLE0000abcd==;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=example;AccountKey=[REDACTED:azure-key];EndpointSuffix=core.windows.net',
      'azure-key',
    ],
    [
      'bot.run("MTA5ODc2NTQzMjEwOTg3NjU0.GEXAMP.abcd0000EXAMPLEabcd0000EXAMPLE00")',
      'bot.run("[REDACTED:discord-token]")',
      'discord-token',
    ],
    [
      'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-EXAMPLE\nPublic-Lines: 2\n' +
        'AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLE0000abcdEXAMPLE0000abcdEXAMPLE00\nAAAAEXAMPLE\nPrivate-Lines: 1\n' +
        'AAAAIEXAMPLE0000abcdEXAMPLE0000abcdEXAMPLE0000abcdEXAMPLE0000ab\n' +
        'Private-MAC: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nnext line',
      '[REDACTED:private-key]\nnext line',
      'private-key',
    ],
  ];

  it.each(cases)('%s', (input, output, kind) => {
    expect(redactSecrets(input)).toEqual({ text: output, count: 1, kinds: [kind] });
  });

  it('covers every kind it exports', () => {
    const covered = new Set(cases.map(([, , kind]) => kind));
    expect(REDACTION_KINDS.filter((kind) => !covered.has(kind))).toEqual([]);
  });

  it('names an overlap by its most specific kind', () => {
    expect(redactSecrets('GITHUB_TOKEN=ghp_EXAMPLE0000abcdEXAMPLE0000abcdEXAMPL').text).toBe(
      'GITHUB_TOKEN=[REDACTED:github-token]',
    );
    expect(redactSecrets('https://x-access-token:ghs_EXAMPLEabcd0000EXAMPLEabcd0000EXAMPL@github.com/a/b').text).toBe(
      'https://[REDACTED:github-token]@github.com/a/b',
    );
  });

  it('reports distinct kinds, sorted, and counts every secret', () => {
    const result = redactSecrets(
      'password=EXAMPLE-pa55 AKIAIOSFODNN7EXAMPLE token: "abcd0000EXAMPLE" AKIAIOSFODNN7EXAMPLE',
    );
    expect(result.kinds).toEqual(['aws-access-key-id', 'password-assignment']);
    expect(result.count).toBe(4);
  });

  it('takes an unwrapped private key body whole', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(40);
    const text = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\nnext`;
    expect(redactSecrets(text).text).toBe('[REDACTED:private-key]\nnext');
  });

  it('keeps what is around a truncated private key', () => {
    const text =
      'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAEXAMPLE0000\nabcdEXAMPLE0000\n\nand then it stopped.';
    expect(redactSecrets(text).text).toBe('key:\n[REDACTED:private-key]\n\nand then it stopped.');
  });
});

describe('precision', () => {
  // Each of these must come through untouched.
  const untouched = [
    'Reset your password in settings.',
    'The token economy rewards early players; the secret is scarcity.',
    'A risk-free trial, a task-list, ask-me-anything.',
    'Bearer tokens go in the Authorization header. Bearer authentication is the default.',
    'Authorization: required for every endpoint.',
    'Your password: must be at least 12 characters.',
    'const passwordInput = document.querySelector("#password");',
    'if (token.length > 0) return getSecret();',
    'interface Login { password: string; token?: string | null }',
    'password = input.value',
    'password=${PASSWORD}',
    'password = os.environ["DB_PASSWORD"]',
    'token = os.getenv("API_TOKEN")',
    'Password: os.Getenv("DB_PASSWORD"),',
    'let token = env::var("API_TOKEN")?;',
    'const { password: pw, token: tok } = creds;',
    'connect(host=h, password=password)',
    'password: ${{ secrets.DB_PASSWORD }}',
    'password: "{{ vault_db_password }}"',
    'api_key: your_api_key_here',
    'TOKEN=<token>',
    'SESSION_SECRET=********',
    'password = None',
    'password: Optional[str] = None',
    'nextPageToken: "CAUQAA"',
    '"eos_token": "</s>"',
    '"max_tokens": 4096',
    'secretName: app-secrets',
    'existingSecret: db-credentials',
    'PWD=/home/bob/projects',
    'docker run -u 1000:1000 example/app',
    'UPDATE users SET password_hash = :password WHERE id = :id;',
    '3f2504e0-4f89-11d3-9a0c-0305e82c3301 3f786850e387550fdab836ed7e6dc881de23001b',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'integrity="sha512-RdJUflcE3cUzKiMqQgsCu06FPu9UdIJO0beYbPhHN4k6apgJtifcoCtT9bcxOpYBtpD2kCM6Sbzg4CausW/PKQ=="',
    'src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"',
    'https://api.example.com:8443/v1/items?limit=20 and git@github.com:example/repo.git',
    'Mail bob@example.com or alice+tag@mail.example.co.uk.',
    'pk_live_EXAMPLE0000abcdEXAMPLE00 is a publishable key; AC0000abcd0000abcd0000abcd0000abcd is an account SID.',
    '.sk-spinner-double-bounce-animation-container { }',
    'Prefixes: AKIA, ghp_, sk-, xoxb-, eyJ, AIza, -----BEGIN',
    '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
    '## Password\n\n| Key | Value |\n| --- | --- |\n| token | see docs |',
    'password: !vault |',
    'token: *default_token',
    'SECRET_KEY_BASE: <%= ENV["SECRET_KEY_BASE"] %>',
    'self.password = password',
    '"SessionToken": null',
    'export const token = "";',
    'Token: 3 per request',
    'password_label: "Mot de passe"',
    'type ArrowToken = ArrowToken$1;',
  ];

  it.each(untouched)('%s', (text) => {
    expect(redactSecrets(text)).toEqual({ text, count: 0, kinds: [] });
  });
});

describe('odd Unicode', () => {
  const ghp = 'ghp_EXAMPLE0000abcdEXAMPLE0000abcdEXAMPL';

  it.each([
    ['emoji around', `🔑${ghp}🔑`, '🔑[REDACTED:github-token]🔑'],
    ['NUL around', `\u0000${ghp}\u0000`, '\u0000[REDACTED:github-token]\u0000'],
    ['RTL text around', `שלום ${ghp} עולם`, 'שלום [REDACTED:github-token] עולם'],
    ['bidi override around', `\u202e${ghp}\u202c`, '\u202e[REDACTED:github-token]\u202c'],
    ['emoji inside a value', 'password=🙈EXAMPLE🙈0000 next', 'password=[REDACTED:password-assignment] next'],
    ['zero-width space inside a value', 'token: "abcd\u200b0000EXAMPLE"', 'token: "[REDACTED:password-assignment]"'],
  ])('%s', (_label, input, output) => {
    const result = redactSecrets(input);
    expect(result.text).toBe(output);
    expect(isWellFormed(result.text)).toBe(true);
  });

  it('never splits a surrogate pair at a length bound', () => {
    // 1023 ASCII characters then an emoji: the 1024-character value bound falls between the emoji's two halves.
    const text = `password=${'a1'.repeat(511)}a😀😀 tail`;
    const result = redactSecrets(text);
    expect(isWellFormed(result.text)).toBe(true);
    expect(result.count).toBe(1);
  });

  it('survives lone surrogates and control characters', () => {
    const text = `\ud800 password=EXAMPLE-pa55 \udc00 \u0001\u0007 ${ghp}`;
    const result = redactSecrets(text);
    expect(result.count).toBe(2);
    expect(result.text).toBe(
      '\ud800 password=[REDACTED:password-assignment] \udc00 \u0001\u0007 [REDACTED:github-token]',
    );
  });
});

describe('size', () => {
  // Speed on 10 MB of every dense shape is measured by `npm run bench` (section "redaction"), against a 1 s budget;
  // here only that a 10 MB selection is redacted whole, the same in every copy.
  it('redacts every copy of the corpus in a 10 MB selection', () => {
    const corpus = [
      ...positives.map((n) => read(`positive/${n}`)),
      ...negatives.map((n) => read(`negative/${n}`)),
    ].join('\n');
    const one = redactSecrets(corpus);
    expect(one.count).toBeGreaterThan(10);
    const copies = Math.ceil((10 * 1024 * 1024) / corpus.length);
    const all = redactSecrets(Array.from({ length: copies }, () => corpus).join('\n\n'));
    expect(all.count).toBe(one.count * copies);
    expect(all.text).toBe(Array.from({ length: copies }, () => one.text).join('\n\n'));
  });
});
