/**
 * The redaction rules, in one place: each is a global regex (what it catches, and why its bounds) and a pick that
 * turns a match into the span to redact or rejects it. Adding a secret shape is a change to this file only: a kind in
 * REDACTION_KINDS (its place sets which name wins when spans overlap) and a rule in RULES, using the value checks in
 * checks.ts. The engine (engine.ts) runs them.
 *
 * Writing a rule so the engine stays linear: start with a fixed prefix or key word; only bounded repetitions, none
 * nested unboundedly, so a failed attempt backtracks a bounded distance. Token shapes start with a look-behind that
 * only lets a match begin at a token boundary, so a 10 MB run of token characters (`eyJeyJ…`) is tried once rather
 * than at every offset. Rules that start with a key word check the boundary in code instead (a look-behind in front
 * of a long alternation makes V8 scan ~10× slower). Look-backs in code are bounded (≤48 characters) or move forward
 * only (CallContext). Mark fixed-prefix token rules `wrappable` so a hard-wrapped token is found too.
 *
 * Context rules (`password = …`, `Authorization: …`, `user:pass@`) redact the value only and keep the key, so the
 * saved memory still says what was there.
 *
 * What is deliberately not a secret: references (`${DB_PASSWORD}`, `os.environ["X"]`, `input.value`, `{{ vault }}`),
 * placeholders (`<token>`, `your_api_key_here`, `****`), types (`password: string`), Stripe publishable keys
 * (`pk_live_…`, shipped to every browser by design), Twilio account SIDs (`AC…`, an account id, not a credential),
 * hashes/ids with no credential context (git SHAs, UUIDs, `sha512-…` integrity strings), digit strings that fail
 * the Luhn check, and prose (`Cookie: chocolate=chip`, `password=the one on the fridge`).
 */
import { MARKER_PREFIX } from './marker';
import {
  mayBeReference,
  isReference,
  isCodeExpression,
  isDigitCode,
  isSpaceCode,
  keyStartsHere,
  elementNameEndingAt,
  keyNameEndingAt,
  isSecretValue,
  wordsAfter,
  familyOf,
  startsWord,
  schemeBefore,
  looksLikeCredential,
  isCardNumber,
  isCookieList,
  type ValueContext,
} from './checks';
import type { CallContext } from './engine';

/**
 * Every kind this module can report, most specific first: when spans of different kinds overlap, the earlier kind
 * names the merged span (`password=ghp_…` is a github-token, not just a password-assignment).
 */
export const REDACTION_KINDS = [
  'private-key',
  'aws-access-key-id',
  'aws-secret-key',
  'github-token',
  'gitlab-token',
  'slack-token',
  'slack-webhook',
  'stripe-key',
  'anthropic-key',
  'openai-key',
  'google-api-key',
  'mnueron-token',
  'npm-token',
  'twilio-key',
  'sendgrid-key',
  'google-oauth-client-secret',
  'google-access-token',
  'azure-key',
  'discord-token',
  'card-number',
  'jwt',
  'authorization-header',
  'cookie-header',
  'connection-string-password',
  'url-credentials',
  'password-assignment',
] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export type Hit = { kind: RedactionKind; start: number; end: number };

export type Rule = {
  re: RegExp;
  /**
   * The regex only runs when one of these occurs. Only for rules whose scan costs more than a substring search: a
   * regex that starts with a literal is already about as fast as includes().
   */
  hints?: readonly string[];
  /**
   * Token shapes that survive a hard line wrap: the rule also runs on the text with wrapped lines joined, so a token
   * broken across two lines is still found (only tokens with a fixed prefix, which prose cannot join into).
   */
  wrappable?: boolean;
  /** Turns a match into the span to redact, or null when the match is not a secret after all. */
  pick: (m: RegExpMatchArray, text: string, call: CallContext) => Hit | null;
};

/** The whole match is the secret. */
function whole(kind: RedactionKind): Rule['pick'] {
  return (m) => ({ kind, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
}

/** Span of `secret`, which every context rule is written to end its match with (closing quotes are look-aheads). */
function tail(kind: RedactionKind, m: RegExpMatchArray, secret: string): Hit {
  const end = (m.index ?? 0) + m[0].length;
  return { kind, start: end - secret.length, end };
}

/** The last capture group is the secret and ends the match. */
function lastGroup(kind: RedactionKind): Rule['pick'] {
  return (m) => {
    const secret = m[m.length - 1];
    return secret ? tail(kind, m, secret) : null;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Key names for the assignment rules.
// ---------------------------------------------------------------------------------------------------------------

/** Key names whose value is a secret, as the words of their final segment (`db_password`, `client_secret`). */
const KEY_PHRASES: readonly (readonly string[])[] = [
  ['password'],
  ['passwd'],
  ['passphrase'],
  ['passcode'],
  ['pwd'],
  ['secret', 'key', 'base'],
  ['secret', 'key'],
  ['secret'],
  ['token'],
  ['api', 'key'],
  ['access', 'key'],
  ['private', 'key'],
  ['signing', 'key'],
  ['encryption', 'key'],
  ['master', 'key'],
  ['app', 'key'],
];

/**
 * The key alternation: each word with its first letter in either case, or all capitals (`db_password`,
 * `DB_PASSWORD`, `dbPassword`, `X-Api-Key`, `secretKey`), longest phrase first. There are deliberately no
 * look-behinds in it: a regex that starts with look-behinds inside an alternation can't skip ahead to a likely first
 * letter and scans about ten times slower. Where a key may start is checked by keyStartsHere() instead.
 */
function keyAlternation(phrases: readonly (readonly string[])[]): string {
  const forms: string[] = [];
  for (const words of phrases) {
    forms.push(words.map((w) => `[${w.charAt(0).toUpperCase()}${w.charAt(0)}]${w.slice(1)}`).join('[_-]?'));
    forms.push(words.map((w) => w.toUpperCase()).join('[_-]?'));
  }
  return forms.join('|');
}
const KEY = keyAlternation([...KEY_PHRASES, ['pass']]);
/**
 * Two- and three-letter key words (`pw`, `pin`) get a regex of their own: in the main alternation they would make
 * V8 give up its fast skip to a likely first letter, and that scan slows down about fifteen times.
 */
const SHORT_KEY = keyAlternation([['pw'], ['pin']]);
/** Lower-case word forms only, for `--password value` command-line flags. */
const FLAG_KEY = KEY_PHRASES.map((words) => words.join('[_-]?')).join('|');

// ---------------------------------------------------------------------------------------------------------------
// Shared pattern pieces.
// ---------------------------------------------------------------------------------------------------------------

/** Quoted string bodies: escapes allowed, single line, bounded (a 512-char password is already absurd). */
const DQ_BODY = String.raw`(?:[^"\\\r\n]|\\.){1,512}`;
const SQ_BODY = String.raw`(?:[^'\\\r\n]|\\.){1,512}`;
/**
 * Unquoted values stop at whitespace, quotes, list/statement separators and brackets. This branch never fails once
 * it starts, so its bound only caps one match (≤1024, so a long value isn't cut with a visible tail); the quoted
 * branches can fail, and their 512 bound is what keeps escaped-quote input linear.
 */
const BARE_VALUE = String.raw`[^\s"'\`,;&<>(){}\[\]|]{1,1024}`;

/** Anything a quoted or bare value can be, with its closing quote as a look-ahead so the value ends the match. */
const VALUE =
  String.raw`(?:[rRbBuU]{0,2}"(${DQ_BODY})(?=")` +
  String.raw`|[rRbBuU]{0,2}'(${SQ_BODY})(?=')` +
  String.raw`|\\"([^"\\\r\n]{1,512})(?=\\")` + // JSON inside a JSON string: {\"password\": \"…\"}
  String.raw`|\`([^\`\r\n]{1,512})(?=\`)` +
  `|(${BARE_VALUE}))`;

/** A type annotation before the value: `password: str = "…"`, `apiKey: string = '…'`, `TOKEN: Final = "…"`. */
const TYPED = String.raw`:[ \t]{0,4}[A-Za-z_][\w.[\]]{0,40}[ \t]{0,4}=(?![=~>])`;

/** Database schemes whose `user:password@` is a connection string: only the password is redacted. */
const DB_SCHEMES = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'redis',
  'rediss',
  'amqp',
  'amqps',
  'mssql',
  'sqlserver',
  'oracle',
  'cockroachdb',
  'clickhouse',
  'couchdb',
  'neo4j',
  'neo4j+s',
  'bolt',
  'nats',
  'memcached',
  'ldap',
  'ldaps',
  'snowflake',
]);

/**
 * A line break inside a PEM block: a real or JSON-escaped newline, then indentation and Markdown block-quote markers
 * (`> `, `> > `), which chat transcripts put in front of every line of a quoted key. ≤4 levels, ≤8 spaces each.
 */
const PEM_BREAK = String.raw`[ \t]{0,8}(?:\r?\n|\\r\\n|\\n)(?:[ \t]{0,8}>){0,4}[ \t]{0,8}`;

/** The assignment rule's regex for a key alternation: key, operator, value (groups as assignmentPick reads them). */
function assignmentPattern(key: string): RegExp {
  return new RegExp(
    String.raw`(${key})(\\?["']?\]?)([ \t]{0,16})(=>|:=|=(?![=~>])|${TYPED}|:(?![:/\\]))([ \t]{0,16})${VALUE}`,
    'g',
  );
}

/** Judges one `key = value` match: the key must start a name, and the value must be a literal secret. */
const assignmentPick: Rule['pick'] = (m, text) => {
  const [, keyword = '', afterKey = '', before = '', op = '', after = ''] = m;
  // A backtick value is judged like a bare one: in Markdown it is inline code (`token: \`start\``).
  const quotedValue = m[6] ?? m[7] ?? m[8];
  const value = quotedValue ?? m[9] ?? m[10];
  const at = m.index ?? 0;
  if (!value || !keyStartsHere(text, at, keyword)) return null;
  const keyName = keyNameEndingAt(text, at, keyword);
  const nameAt = at + keyword.length - keyName.length;
  // The key word is the tail of an earlier marker (`[REDACTED:github-token]: …`): keep redaction idempotent.
  if (text.startsWith(MARKER_PREFIX, nameAt - MARKER_PREFIX.length)) return null;
  // `type ArrowToken = …`, `class Token = …`: a declaration names a type, it assigns nothing.
  // (Only looked at after a space: `\s+$` cannot match before an ASCII character that is not one.)
  const beforeName = text.charCodeAt(nameAt - 1);
  if (
    (isSpaceCode(beforeName) || beforeName >= 128) &&
    /\b(?:type|interface|class|enum)\s+$/.test(text.slice(Math.max(0, nameAt - 12), nameAt))
  )
    return null;
  // `token:abc@host` is the userinfo of a URL; the URL rule redacts it without eating the host.
  if (op === ':' && before === '' && after === '' && quotedValue === undefined && value.includes('@')) return null;
  const next = text.charAt(at + m[0].length);
  const ctx: ValueContext = {
    family: familyOf(keyword),
    keyword,
    keyName,
    quoted: quotedValue !== undefined,
    envStyle: op === '=' && before === '' && after === '' && afterKey === '' && !/[),;]/.test(next),
    assigned: op !== ':' && op !== '=>',
    next,
    wordsAfter: wordsAfter(text, at + m[0].length),
  };
  return isSecretValue(value, ctx) ? tail('password-assignment', m, value) : null;
};

// ---------------------------------------------------------------------------------------------------------------
// The rules. Each pattern: what it catches, and why its bounds.
// ---------------------------------------------------------------------------------------------------------------

export const RULES: readonly Rule[] = [
  {
    // PEM/PGP private keys, BEGIN to END, or to the last base64 line when the selection cut the END off. After the
    // BEGIN line: ≤8 armor headers (Proc-Type, DEK-Info, Version, Comment), then ≤4000 lines of base64, each ≤16384
    // (covers any real key, wrapped at 64 or not wrapped at all). A line break may be JSON-escaped (`\n` in a service-account file). A body line must end
    // its line, so prose after a truncated key stays.
    re: new RegExp(
      String.raw`-{4,5} ?BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)? ?-{4,5}(?:${PEM_BREAK}[A-Za-z][A-Za-z0-9-]{0,30}:[^\r\n\\]{0,200}){0,8}` +
        String.raw`(?:${PEM_BREAK}[A-Za-z0-9+/=]{0,16384}(?=[ \t]{0,8}(?:[\r\n"'\`\\]|$))){0,4000}` +
        String.raw`(?:${PEM_BREAK}-{4,5} ?END[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)? ?-{4,5})?`,
      'g',
    ),
    hints: ['BEGIN'],
    pick: (m) => {
      // Without an END the match runs over trailing blank (or empty quoted) lines; give them back.
      const start = m.index ?? 0;
      const body = m[0];
      let end = body.length;
      for (;;) {
        const last = body.charAt(end - 1);
        if (last === '>' || /\s/.test(last)) end--;
        else if ((last === 'n' || last === 'r') && body.charAt(end - 2) === '\\') end -= 2;
        else break;
      }
      return { kind: 'private-key', start, end: start + end };
    },
  },
  {
    // The same keys flattened onto one line (newlines turned into spaces, as in an env var); END required, body is
    // base64 and spaces only, ≤16384.
    re: /-{5}BEGIN[ A-Z0-9]{0,30}PRIVATE KEY-{5} ?[A-Za-z0-9+/= ]{16,16384}-{5}END[ A-Z0-9]{0,30}PRIVATE KEY-{5}/g,
    hints: ['BEGIN'],
    pick: whole('private-key'),
  },
  {
    // PuTTY private key files (.ppk, versions 2 and 3): the header line, then only PuTTY's own header lines and base64
    // lines, so the match ends where the file does. ≤400 lines, each ≤200; quoted like PEM blocks in a transcript.
    re: new RegExp(
      String.raw`PuTTY-User-Key-File-\d: [^\r\n]{1,100}(?:${PEM_BREAK}(?:(?:Encryption|Comment|Public-Lines|Private-Lines|Key-Derivation|Argon2-[A-Za-z]{1,12}|Private-MAC|Private-Hash): [^\r\n]{0,200}|[A-Za-z0-9+/=]{1,200}(?=[ \t]{0,8}(?:\r?\n|$)))){1,400}`,
      'g',
    ),
    hints: ['PuTTY'],
    pick: whole('private-key'),
  },
  {
    // AWS access key ids: long-term AKIA and temporary ASIA, exactly 16 more; bounded both sides so a longer
    // upper-case run isn't cut into one.
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    wrappable: true,
    pick: whole('aws-access-key-id'),
  },
  {
    // AWS secret access keys: 40 base64 characters are too common to flag alone, so only after their own key name
    // (aws_secret_access_key, AWS_SECRET_KEY, SecretAccessKey, awsSecretAccessKey…), ≤8 spaces around the operator.
    re: /(?:(?:[Aa]ws|AWS)[_-]?(?:[Ss]ecret|SECRET)[_-]?(?:(?:[Aa]ccess|ACCESS)[_-]?)?|(?:[Ss]ecret|SECRET)[_-]?(?:[Aa]ccess|ACCESS)[_-]?)(?:[Kk]ey|KEY)["']?[ \t]{0,8}(?:=>|:=|=|:)[ \t]{0,8}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    pick: (m, text) => {
      const value = m[1];
      const at = m.index ?? 0;
      if (!value || !keyStartsHere(text, at, m[0])) return null;
      return tail('aws-secret-key', m, value);
    },
  },
  {
    // GitHub: classic/OAuth/user/server/refresh tokens are gh?_ + 36 (newer ones longer, ≤255 by GitHub's docs);
    // fine-grained PATs are github_pat_ + 22 + _ + 59.
    re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244})/g,
    wrappable: true,
    pick: whole('github-token'),
  },
  {
    // GitLab: personal/deploy/runner/trigger/OAuth/CI/feed/mail/agent/flags tokens (gl…-) and runner registration
    // tokens (GR1348941…); ≥20 body characters, routable tokens add short dot-separated parts.
    re: /(?<![A-Za-z0-9_-])(?:gl(?:pat|dt|rt|ptt|soat|cbt|ft|imt|agent|oas|ffct|wt)-|GR1348941)[A-Za-z0-9_-]{20,255}(?:\.[A-Za-z0-9_-]{1,64}){0,3}/g,
    wrappable: true,
    pick: whole('gitlab-token'),
  },
  {
    // Slack bot/user/app-level/refresh/config tokens: xox?- then a numeric team/app id, then ≥8 more; app tokens
    // xapp-<n>-…. The digit requirement keeps prose like "xoxb-style-token" out.
    re: /(?<![A-Za-z0-9_-])(?:xox[abeoprs]-[0-9]{1,20}-|xapp-[0-9]{1,4}-)[A-Za-z0-9-]{8,250}/g,
    wrappable: true,
    pick: whole('slack-token'),
  },
  {
    // Slack incoming-webhook and workflow URLs: the path after the kind is the secret; the host stays readable.
    re: /(?<![A-Za-z0-9_-])hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/-]{20,300})/g,
    pick: lastGroup('slack-webhook'),
  },
  {
    // Stripe secret and restricted keys (live and test) and webhook signing secrets. Publishable keys (pk_…) are
    // meant to be public, shipped in every checkout page, so they are left alone.
    re: /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9+/=]{24,128})/g,
    wrappable: true,
    pick: whole('stripe-key'),
  },
  {
    // Anthropic API/admin keys: sk-ant- then the rest (typically ~100 characters).
    re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,400}/g,
    wrappable: true,
    pick: whole('anthropic-key'),
  },
  {
    // OpenAI project/service-account/admin keys (sk-proj-… etc., ~160 characters) and legacy sk- + 48 alphanumerics
    // (no hyphens, which keeps kebab-case words like sk-spinner-double-bounce out). Not sk-ant- (Anthropic).
    re: /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,400}|[A-Za-z0-9]{32,200}(?![A-Za-z0-9_-]))/g,
    wrappable: true,
    pick: whole('openai-key'),
  },
  {
    // Google API keys: AIza + exactly 35, 39 in all; bounded both sides.
    re: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    wrappable: true,
    pick: whole('google-api-key'),
  },
  {
    // Mnueron API tokens: mnu_ + ≥20 alphanumerics first (so menu identifiers like mnu_file_open don't match).
    re: /(?<![A-Za-z0-9_])mnu_[A-Za-z0-9]{20}[A-Za-z0-9_-]{0,236}/g,
    wrappable: true,
    pick: whole('mnueron-token'),
  },
  {
    // npm access tokens: npm_ + exactly 36.
    re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    wrappable: true,
    pick: whole('npm-token'),
  },
  {
    // Twilio API key SIDs: SK + 32 lower-case hex. (AC… account SIDs identify an account; they aren't credentials.)
    re: /(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])/g,
    wrappable: true,
    pick: whole('twilio-key'),
  },
  {
    // Twilio auth tokens: 32 hex, only recognisable by their key name.
    re: /(?<![A-Za-z0-9])twilio[_-]?auth[_-]?token["']?[ \t]{0,8}(?:=>|:=|=|:)[ \t]{0,8}["']?([0-9a-f]{32})(?![A-Za-z0-9])/gi,
    hints: ['wilio', 'WILIO'],
    pick: lastGroup('twilio-key'),
  },
  {
    // SendGrid API keys: SG. + 22 + . + 43 (bounds a little wider for variants).
    re: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g,
    wrappable: true,
    pick: whole('sendgrid-key'),
  },
  {
    // Google OAuth client secrets: GOCSPX- then 28 (a little wider for variants).
    re: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{24,64}(?![A-Za-z0-9_-])/g,
    wrappable: true,
    pick: whole('google-oauth-client-secret'),
  },
  {
    // Google OAuth access tokens: ya29. then base64url (and dots), typically 150–250 characters; ≥20, ≤2048.
    re: /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_.-]{20,2048}/g,
    wrappable: true,
    pick: whole('google-access-token'),
  },
  {
    // Azure storage / Service Bus / Event Hubs connection strings: the base64 key after AccountKey= or
    // SharedAccessKey= (88 characters for storage); the rest of the connection string stays readable.
    re: /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,256}={0,2})(?![A-Za-z0-9+/=])/g,
    pick: lastGroup('azure-key'),
  },
  {
    // Discord bot tokens: base64 of the bot's user id (starts M, N or O), a 6-character timestamp, an HMAC of 27–38.
    re: /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g,
    wrappable: true,
    pick: whole('discord-token'),
  },
  {
    // Payment card numbers: 13–19 digits, with single spaces or dashes between groups; isCardNumber() checks the
    // grouping, the issuer prefix and the Luhn checksum. Not part of a longer number, decimal, phone number or id.
    re: /(?<![\w.+-])[2-6]\d{3}(?:[ -]?\d){9,15}(?!\w|[ .-]\d|-)/g,
    pick: (m) => {
      const start = m.index ?? 0;
      return isCardNumber(m[0]) ? { kind: 'card-number', start, end: start + m[0].length } : null;
    },
  },
  {
    // JWTs: base64url header and payload, both JSON objects (so both start eyJ), and a signature (empty for
    // alg "none"). Segment bounds cover any real token; the boundary look-behind makes a run of `eyJ` one attempt.
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,4096}\.eyJ[A-Za-z0-9_-]{10,8192}\.[A-Za-z0-9_-]{0,4096}/g,
    wrappable: true,
    pick: whole('jwt'),
  },
  {
    // Authorization / Proxy-Authorization / X-Authorization header values (HTTP, curl -H, HAR, JSON): the scheme
    // word stays, the credential (token68, ≤4096) goes.
    // Server and proxy configuration writes the header name and its value with only a space between them (nginx
    // `proxy_set_header Authorization "Bearer …"`, Apache `RequestHeader set Authorization …`, HAProxy, Caddy), and
    // code as call arguments (`Header.Set("Authorization", "…")`): with a space only, the value must be quoted or
    // start with a scheme word, so prose ("the Authorization server.example.com") stays.
    re: /(?:Proxy-)?(?:Authorization|authorization|AUTHORIZATION)(?:(["']?[ \t]{0,4}[:=,][ \t]{0,4}["']?)|[ \t]{1,4}(["'])?)(?:(Bearer|bearer|BEARER|Basic|basic|BASIC|Token|token|Bot|OAuth|DPoP|AWS4-HMAC-SHA256)(?:[ \t]|\\ ){1,4})?([A-Za-z0-9._~+/-]{8,4096}=*)/g,
    pick: (m, text) => {
      const [, punctuation, quote, scheme, value] = m;
      if (!value || !startsWord(text, m.index ?? 0) || !looksLikeCredential(value)) return null;
      if (!punctuation && !quote && !scheme) return null;
      if (isCodeExpression(value, text.charAt((m.index ?? 0) + m[0].length))) return null; // req.headers.authorization
      return tail('authorization-header', m, value);
    },
  },
  {
    // A bare `Bearer <token>` (custom headers, logs); ≥16 characters and credential-looking so "Bearer tokens" and
    // "Bearer authentication" in prose stay.
    re: /(?:Bearer|bearer|BEARER)[ \t]{1,4}([A-Za-z0-9._~+/-]{16,4096}=*)/g,
    pick: (m, text) => {
      const value = m[1];
      if (!value || !startsWord(text, m.index ?? 0) || !looksLikeCredential(value)) return null;
      if (isCodeExpression(value, text.charAt((m.index ?? 0) + m[0].length))) return null; // req.headers.authorization
      return tail('authorization-header', m, value);
    },
  },
  {
    // curl/wget basic-auth credentials (`-u user:pass`, `--user user:pass`), only with a curl/wget command in the
    // preceding 500 characters (a long command with continuation lines) and not a numeric uid:gid (docker -u 1000:1000).
    re: /(?:-u|--user|--http-user)[ \t]{1,4}["']?([^\s:"'$[]{1,128}:[^\s"']{1,256})/g,
    pick: (m, text, call) => {
      const value = m[1];
      const at = m.index ?? 0;
      // Cheapest checks first: 10 MB of `curl -u a:b ` is nearly a million matches.
      if (!value || !isSpaceCode(text.charCodeAt(at - 1)) || !call.commandBefore(at, 500)) return null;
      if (isDigitCode(value.charCodeAt(0)) && /^\d+:\d+$/.test(value)) return null;
      const password = value.indexOf(':') + 1;
      if (mayBeReference(value, password) && isReference(value.slice(password))) return null;
      return tail('authorization-header', m, value);
    },
  },
  {
    // Cookie / Set-Cookie header values (session ids), as "Copy as cURL" and HAR exports carry them: the whole
    // `name=value; …` list, to the end of the line or quote (≤8192).
    re: /(?:Set-Cookie|set-cookie|SET-COOKIE|Cookie|cookie|COOKIE)["']?[ \t]{0,4}:[ \t]{0,4}["']?([A-Za-z0-9_.!#$%&*+^|~-]{1,128}=[^\r\n"']{1,8192})/g,
    pick: (m, text) =>
      m[1] && startsWord(text, m.index ?? 0) && isCookieList(m[1]) ? tail('cookie-header', m, m[1]) : null,
  },
  {
    // curl cookie flags: -b 'name=value' / --cookie "name=value".
    re: /(?:-b|--cookie)[ \t]{1,4}["']([A-Za-z0-9_.!#$%&*+^|~-]{1,128}=[^\r\n"']{1,8192})/g,
    pick: (m, text) => (m[1] && /\s/.test(text.charAt((m.index ?? 0) - 1)) ? tail('cookie-header', m, m[1]) : null),
  },
  {
    // user:password@ in any URL. Database schemes keep the user and lose the password (connection-string-password);
    // other schemes lose the whole userinfo, since the "user" is often itself a token (x-access-token:…@github.com).
    // The password may contain unencoded @ (the last @ before the host ends it); both parts ≤256. The scan starts at
    // the literal `://` (a scheme pattern in front makes it ~10× slower); the scheme is read back by schemeBefore().
    re: /:\/\/([^\s/?#@:"'<>[\]]{0,256}):([^\s/?#"'<>]{1,256})(?=@)/g,
    pick: (m, text) => {
      const [, user = '', password = ''] = m;
      const scheme = schemeBefore(text, m.index ?? 0);
      if (!scheme || isReference(password) || password.startsWith(MARKER_PREFIX)) return null;
      if (DB_SCHEMES.has(scheme.toLowerCase())) return tail('connection-string-password', m, password);
      return tail('url-credentials', m, `${user}:${password}`);
    },
  },
  {
    // key = value / key: value / "key": "value" / key => value / key := value / key: Type = value for
    // password/secret/token/API-key names (.env, YAML, JSON, INI, TOML, code, query strings). Spaces around the
    // operator ≤16; value bounds above.
    re: assignmentPattern(KEY),
    pick: assignmentPick,
  },
  {
    // The same for the short key words `pw` and `pin` (see SHORT_KEY).
    re: assignmentPattern(SHORT_KEY),
    pick: assignmentPick,
  },
  {
    // Command-line flags with a space: --password hunter2, --db-password "…", --api-token …; ≤3 words before the key
    // word. Not a flag-looking or bare-word value.
    re: new RegExp(String.raw`--(?:[a-z0-9]{1,20}-){0,3}(${FLAG_KEY})[ \t]{1,4}${VALUE}`, 'g'),
    pick: (m, text) => {
      const keyword = m[1] ?? '';
      const quotedValue = m[2] ?? m[3] ?? m[4] ?? m[5];
      const value = quotedValue ?? m[6];
      const at = m.index ?? 0;
      if (!value || value.startsWith('-') || /[\w-]/.test(text.charAt(at - 1))) return null;
      const ctx: ValueContext = {
        family: familyOf(keyword),
        keyword,
        keyName: keyword,
        quoted: quotedValue !== undefined,
        envStyle: false,
        assigned: true, // a flag argument or element text is a literal, so a quoted phrase is a passphrase
        next: text.charAt(at + m[0].length),
        wordsAfter: false,
      };
      return isSecretValue(value, ctx) ? tail('password-assignment', m, value) : null;
    },
  },
  {
    // XML elements: <password>…</password>, <db:apiKey>…</db:apiKey> (Maven settings.xml, app configs); text ≤512,
    // attributes ≤200. The scan starts at the `<` (a literal, which V8 finds fast, where the key alternation first
    // would be tried at every letter), then ≤48 characters of the element name (namespace included) before the key
    // word; elementNameEndingAt() and keyStartsHere() judge the name as before.
    re: new RegExp(String.raw`<([A-Za-z0-9_.:-]{0,48}?)(${KEY})(?:\s[^<>]{0,200})?>([^<]{1,512})(?=<\/)`, 'g'),
    hints: ['</'],
    pick: (m, text) => {
      const [, prefix = '', keyword = '', value] = m;
      const at = (m.index ?? 0) + 1 + prefix.length;
      const name = elementNameEndingAt(text, at, keyword);
      if (!value || !name || /^\s|\s$/.test(value) || !keyStartsHere(text, at, keyword)) return null;
      const ctx: ValueContext = {
        family: familyOf(keyword),
        keyword,
        keyName: name,
        quoted: true,
        envStyle: false,
        assigned: true, // a flag argument or element text is a literal, so a quoted phrase is a passphrase
        next: text.charAt((m.index ?? 0) + m[0].length),
        wordsAfter: false,
      };
      return isSecretValue(value, ctx) ? tail('password-assignment', m, value) : null;
    },
  },
];
