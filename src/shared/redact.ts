/**
 * Client-side secret redaction. Runs in the background service worker on every capture before it is written to disk
 * (and the local test server reuses it), so it must not leak what it recognises, must not touch what it doesn't, and
 * must stay linear on hostile input: a 10 MB selection of `eyJeyJeyJ…` must not hang the worker.
 *
 * How it stays linear: every rule is one global regex that starts with a fixed prefix or key word and has only
 * bounded repetitions, none nested unboundedly, so a failed attempt backtracks a bounded distance. Token shapes also
 * start with a look-behind that only lets a match begin at a token boundary, so a 10 MB run of token characters
 * (`eyJeyJ…`) is tried once rather than at every offset. Rules that start with a key word check the boundary in code
 * instead (a look-behind in front of a long alternation makes V8 scan ~10× slower); their failures end at the next
 * quote, line end or bound. Look-backs in code are bounded (≤48 characters) or move forward only (CallContext).
 *
 * How it decides: rules report spans; overlapping spans are merged (a union, so nothing any rule flagged survives)
 * and the merged span is labelled with the most specific kind involved (the order of REDACTION_KINDS). Context rules
 * (`password = …`, `Authorization: …`, `user:pass@`) redact the value only and keep the key, so the saved memory still
 * says what was there.
 *
 * What is deliberately not a secret: references (`${DB_PASSWORD}`, `os.environ["X"]`, `input.value`, `{{ vault }}`),
 * placeholders (`<token>`, `your_api_key_here`, `****`), types (`password: string`), Stripe publishable keys
 * (`pk_live_…`, shipped to every browser by design), Twilio account SIDs (`AC…`, an account id, not a credential),
 * and hashes/ids with no credential context (git SHAs, UUIDs, `sha512-…` integrity strings).
 */

export type RedactionResult = { text: string; count: number; kinds: string[] };

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

const KIND_RANK = new Map<RedactionKind, number>(REDACTION_KINDS.map((kind, i) => [kind, i]));

/** The marker that replaces a secret. No rule matches it, so redaction is idempotent. */
export function redactionMarker(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}
const MARKER_PREFIX = '[REDACTED:';
/** Markers by kind rank, built once: input dense with secrets would otherwise build one string per secret. */
const MARKERS: readonly string[] = REDACTION_KINDS.map(redactionMarker);

type Hit = { kind: RedactionKind; start: number; end: number };

type Rule = {
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

/** Look-ups a rule needs across its matches in one call, computed incrementally so they stay linear. */
class CallContext {
  private readonly commands = /\b(?:curl|wget)\b/g;
  private lastCommand = -1;
  private pending: RegExpExecArray | null | undefined;

  constructor(private readonly text: string) {}

  /**
   * Whether a curl/wget command word starts within `distance` characters before `at`. One rule's matches arrive in
   * order, so the command scan only ever moves forward: linear in total, where a look-back per match would not be.
   */
  commandBefore(at: number, distance: number): boolean {
    if (this.pending === undefined) this.pending = this.commands.exec(this.text);
    while (this.pending && this.pending.index < at) {
      this.lastCommand = this.pending.index;
      this.pending = this.commands.exec(this.text);
    }
    return this.lastCommand >= 0 && at - this.lastCommand <= distance;
  }
}

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
// Value judgement for context rules: is the text after `password=` a literal secret, or code, a reference, a label?
// ---------------------------------------------------------------------------------------------------------------

/** Type names and literals that follow `password:` in code and schemas, never secrets themselves. */
const NON_SECRET_WORDS = new Set([
  'string',
  'str',
  '&str',
  'number',
  'int',
  'integer',
  'bool',
  'boolean',
  'null',
  'nil',
  'none',
  'undefined',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'any',
  'unknown',
  'object',
  'bytes',
  'buffer',
  'secretstr',
  'required',
  'optional',
  'hidden',
  'redacted',
  'filtered',
  'masked',
  'empty',
  'default',
  'text',
  'await',
  'new',
  'typeof',
  'lambda',
]);

/**
 * Environment, template and query-parameter references, and YAML tags/aliases: they name a secret, they don't hold
 * one (`${DB_PASSWORD}`, `$1`, `{{ vault_pw }}`, `%(pw)s`, `%PW%`, `#{pw}`, SQL `:password` `@pw` `?`, `!vault`,
 * `*anchor`, `op://…`, `arn:aws:secretsmanager:…`). Sigils only count before a plain name: `!Secr3t#` is a password.
 */
const REFERENCE =
  /^\$\w+$|[$#]\{|\$\(|\{[{%]|\{\w*\}|%[sd]\b|^%(?:[({]|\w+%$)|^[:@][A-Za-z_]\w*$|^\?\d*$|^![A-Za-z]\w*$|^\*[A-Za-z_][\w-]*$|^(?:arn|vault|ref\+\w+):|^op:\/\//;
function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

/** Placeholders and masks: `<token>`, `[MASK]`, `****`, `xxxx-xxxx`, `your_api_key_here`, `changeme`, `YOUR_TOKEN`. */
const PLACEHOLDER =
  /^<[^<>]*>$|^\[[^[\]]*\]$|^(.)\1+$|^[xX*•._-]+$|^(?:[Yy]our|YOUR|[Ii]nsert|INSERT|[Ee]nter|ENTER|[Rr]eplace|REPLACE|[Pp]ut|PUT)[-_ ]|[-_ ](?:here|Here|HERE)$|(?:[Cc]hange|CHANGE|[Rr]eplace|REPLACE)[-_]?(?:me|Me|ME)|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
function isPlaceholder(value: string): boolean {
  return value.startsWith(MARKER_PREFIX) || PLACEHOLDER.test(value);
}

/** File paths and URLs: they point at a secret (`PASSWORD_FILE`-style), the URL rule handles credentials in them. */
function isPathOrUrl(value: string): boolean {
  return /^(?:\/|~\/|\.{1,2}\/|[A-Za-z]:\\)/.test(value) || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value);
}

/**
 * An unquoted value that is an expression in code: a call or index (`getpass()`, `os.environ["X"]`), a member path
 * (`input.value`, `req.headers.authorization`, `env::var`), or a generated identifier (`ArrowToken$1`).
 */
function isCodeExpression(value: string, next: string): boolean {
  return (
    next === '(' ||
    next === '[' ||
    /^[A-Za-z_$][\w$]*(?:(?:\?\.|\.|::)[A-Za-z_$][\w$]*)+!?$/.test(value) ||
    /^[A-Za-z_]\w*\$[\w$]*$/.test(value)
  );
}

/** Lower-case, separators dropped: `DB_PASSWORD`, `db-password` and `dbPassword` compare equal. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Key names for the assignment rules.
// ---------------------------------------------------------------------------------------------------------------

/** Which rules apply to a key's value: only passwords may be all digits (PINs); tokens and keys never are. */
type KeyFamily = 'password' | 'pin' | 'token';

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
const PASSWORD_FAMILY = new Set(['password', 'passwd', 'passphrase', 'passcode', 'pwd', 'pw', 'pass']);

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

// Character tests by code (these run for every candidate match; a regex per character is needlessly slow).
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
const isAlnumCode = (c: number): boolean => isDigitCode(c) || isUpperCode(c) || isLowerCode(c);
/** Identifier characters of key names: letters, digits, `_`, `.`, `-` (and `:` for XML namespaces). */
const isNameCode = (c: number): boolean => isAlnumCode(c) || c === 95 || c === 46 || c === 45;
const isAlnum = (ch: string): boolean => isAlnumCode(ch.charCodeAt(0));
/** Whitespace before a command-line flag (ASCII and the no-break space). */
const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;

/** Where a run of `accept` characters ending at `at` starts, looking back at most `limit` characters. */
function runStart(text: string, at: number, limit: number, accept: (code: number) => boolean): number {
  let start = at;
  const floor = Math.max(0, at - limit);
  while (start > floor && accept(text.charCodeAt(start - 1))) start--;
  return start;
}

/**
 * Whether a key word found at `at` starts a key name or ends one: after a non-alphanumeric (`db_password`,
 * `"password"`, `--password`, `X-Api-Key`) or, Capitalised, as the tail of a camelCase name (`dbPassword`). Not in
 * the middle of a lower-case word (`bypass`, `mypassword`). `pass` alone is too common a word (a test result,
 * Python's statement) to start a name, so it only counts as a tail: `DB_PASS`, `smtp.pass`, `smtpPass`.
 */
function keyStartsHere(text: string, at: number, keyword: string): boolean {
  const before = text.charAt(at - 1);
  const capitalised = isUpperCode(keyword.charCodeAt(0)) && isLowerCode(keyword.charCodeAt(1));
  if (keyword.length === 4 && keyword.toLowerCase() === 'pass') {
    return capitalised ? isAlnum(before) : /[_.-]/.test(before) && isAlnum(text.charAt(at - 2));
  }
  return !isAlnum(before) || capitalised;
}

/**
 * Key names that end like a secret but aren't one: pagination cursors (`nextPageToken`), cancellation handles,
 * tokenizer special tokens (`eos_token: "</s>"`), and Helm's `existingSecret` (the name of a Kubernetes Secret).
 */
const NON_SECRET_KEY_TAILS =
  /(?:page|continuation|cancellation|sync|resume|eos|bos|pad|unk|mask|sep|cls|special|start|end)[_-]?token$|existing[_-]?secret$/i;

/** The element name the keyword ends when it is in an opening tag (`db:password` in `<db:password>`), else ''. */
function elementNameEndingAt(text: string, at: number, keyword: string): string {
  const start = runStart(text, at, 48, (c) => isNameCode(c) || c === 58);
  return text.charAt(start - 1) === '<' ? text.slice(start, at) + keyword : '';
}

/** The identifier the keyword ends (`DB_PASSWORD` for the `PASSWORD` at `at`), looking back a bounded distance. */
function keyNameEndingAt(text: string, at: number, keyword: string): string {
  return text.slice(runStart(text, at, 48, isNameCode), at) + keyword;
}

type ValueContext = {
  family: KeyFamily;
  keyword: string;
  keyName: string;
  /** Quoted literal (or XML text): the writer meant this exact string. */
  quoted: boolean;
  /** Bare `=` with no spaces and not inside a call: `.env`, query strings, `--flag=`. */
  envStyle: boolean;
  /** An assignment in code (`=`, `:=`, `: Type =`), as opposed to a `key: value` entry in a map or a label file. */
  assigned: boolean;
  /** The character after an unquoted value (`(` means a call, `[` an index). */
  next: string;
  /** A space and a letter follow the value: `password=the one on the fridge` is prose, not an .env line. */
  wordsAfter: boolean;
};

/** The decision every assignment-style rule shares. Favors precision on code and prose; see the module comment. */
function isSecretValue(value: string, ctx: ValueContext): boolean {
  // Too short to be a credential without its base64 padding (`lastToken=r==` in minified code), or no letter or digit
  // at all (`'||='` in a token table).
  if (value.replace(/=+$/, '').length < 3 || !/[A-Za-z0-9]/.test(value)) return false;
  if (NON_SECRET_WORDS.has(value.toLowerCase())) return false;
  // A value that repeats its own key is a label (`password: Password` in an i18n file), not a credential.
  const normalized = normalizeName(value);
  if (normalized === normalizeName(ctx.keyword) || normalized === normalizeName(ctx.keyName)) return false;
  if (NON_SECRET_KEY_TAILS.test(ctx.keyName)) return false;
  if (isReference(value) || isPlaceholder(value) || isPathOrUrl(value)) return false;
  // A PIN is digits; `pin: top` is a layout setting, `pin = 13` a GPIO pin.
  if (ctx.family === 'pin') return /^\d{4,12}$/.test(value);
  // PINs are passwords; an all-digit token or key is a count or an id (`max_token: 4096`).
  if (/^\d+$/.test(value))
    return ctx.family === 'password' && ctx.keyword.toLowerCase() !== 'pass' && value.length >= 4;
  if (ctx.quoted) {
    // Messages and labels: `"password": "Forgot your password?"`, `"password": "Mot de passe"` (i18n files are maps;
    // in an assignment, `password = "correct horse battery staple"` is a passphrase).
    if (/\s/.test(value) && /[.?!:]$/.test(value)) return false;
    if (!ctx.assigned && /^\p{L}+(?:\s\p{L}+)+$/u.test(value)) return false;
    return true;
  }
  // Unquoted from here: code and prose look like this too.
  if (isCodeExpression(value, ctx.next)) return false;
  // A bare word is a variable in code (`password = pw`, `{ token: tok }`) and a word in prose (`Password: must…`,
  // `--password my-password`). Only an .env/query-style `KEY=word` is taken literally; YAML `password: letmein`
  // (letters only) is not caught, nor is prose that runs on (`password=the one on the fridge`) unless the key is an
  // environment variable in front of a command (`DB_PASSWORD=hunter npm start`).
  if (/^[A-Za-z_-]+$/.test(value)) return ctx.envStyle && (!ctx.wordsAfter || isEnvVarName(ctx.keyName));
  return true;
}

/** An environment variable's name: capitals, digits and underscores (`DB_PASSWORD`). */
function isEnvVarName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}

/** Whether a space and then a letter follow `at`: more words, as in prose. */
function wordsAfter(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c === 32 || c === 9) && /\p{L}/u.test(text.charAt(at + 1));
}

/** The family of a matched key word (`PASSWORD` → password, `PIN` → pin, `apiKey` → token). */
function familyOf(keyword: string): KeyFamily {
  const lower = keyword.toLowerCase();
  if (lower === 'pin') return 'pin';
  return PASSWORD_FAMILY.has(lower) ? 'password' : 'token';
}

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

/** No letter or digit right before `at`: a header or token name starts a word here. */
function startsWord(text: string, at: number): boolean {
  return !isAlnum(text.charAt(at - 1));
}

/** The URL scheme ending at `at` (where `://` starts), or '' when there is none (≤31 characters, RFC 3986 syntax). */
function schemeBefore(text: string, at: number): string {
  const isSchemeCode = (c: number): boolean => isAlnumCode(c) || c === 43 || c === 46 || c === 45;
  const start = runStart(text, at, 32, isSchemeCode);
  const scheme = text.slice(start, at);
  return /^[A-Za-z][A-Za-z0-9+.-]{1,30}$/.test(scheme) && !isSchemeCode(text.charCodeAt(start - 1)) ? scheme : '';
}

/** A header or bearer credential: contains a digit, an inner capital or a token symbol; not an English word. */
function looksLikeCredential(value: string): boolean {
  return /\d/.test(value) || /[a-z][A-Z]/.test(value) || /[._~+/=]/.test(value);
}

/**
 * A line break inside a PEM block: a real or JSON-escaped newline, then indentation and Markdown block-quote markers
 * (`> `, `> > `), which chat transcripts put in front of every line of a quoted key. ≤4 levels, ≤8 spaces each.
 */
const PEM_BREAK = String.raw`[ \t]{0,8}(?:\r?\n|\\r\\n|\\n)(?:[ \t]{0,8}>){0,4}[ \t]{0,8}`;

/** Luhn checksum of a digit string (card numbers). */
function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * A card number as people write it: 13–19 digits, unseparated or grouped by one kind of separator the way cards print
 * them (4-4-4-4[-3], Amex 4-6-5, Diners 4-6-4); an issuer prefix (2221–2720, 3, 4, 5, 6: not a 1… timestamp or id);
 * and a valid Luhn checksum, which 9 in 10 random digit strings fail.
 */
function isCardNumber(written: string): boolean {
  const digits = written.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  const groups = written.split(/[ -]/);
  if (groups.length > 1) {
    if (/ /.test(written) && /-/.test(written)) return false;
    const shape = groups.map((g) => g.length).join('-');
    if (!['4-4-4-4', '4-4-4-4-3', '4-6-5', '4-6-4', '4-4-4-1', '4-4-4-4-4'].includes(shape)) return false;
  }
  const prefix4 = Number(digits.slice(0, 4));
  const first = digits.charCodeAt(0) - 48;
  if (!(first >= 3 && first <= 6) && !(prefix4 >= 2221 && prefix4 <= 2720)) return false;
  return isLuhnValid(digits);
}

/** A Cookie header's `name=value; …` list with at least one value that looks like a session id, not prose. */
function isCookieList(list: string): boolean {
  let credential = false;
  for (const pair of list.split(';')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    if (/\s/.test(trimmed)) return false; // cookie values have no spaces: this is a sentence
    const value = trimmed.slice(trimmed.indexOf('=') + 1);
    if (value.length >= 12 || looksLikeCredential(value)) credential = true;
  }
  return credential;
}

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
  if (/\b(?:type|interface|class|enum)\s+$/.test(text.slice(Math.max(0, nameAt - 12), nameAt))) return null;
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

const RULES: readonly Rule[] = [
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
      if (isReference(value.slice(value.indexOf(':') + 1))) return null;
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
    // attributes ≤200. The scan starts at the key word (as the assignment rule's does, which is fast); that it is the
    // end of an element name is checked by elementNameEndingAt().
    re: new RegExp(String.raw`(${KEY})(?:\s[^<>]{0,200})?>([^<]{1,512})(?=<\/)`, 'g'),
    hints: ['</'],
    pick: (m, text) => {
      const [, keyword = '', value] = m;
      const at = m.index ?? 0;
      const name = elementNameEndingAt(text, at, keyword);
      if (!value || !name || /^\s|\s$/.test(value) || !keyStartsHere(text, at, keyword)) return null;
      const ctx: ValueContext = {
        family: familyOf(keyword),
        keyword,
        keyName: name,
        quoted: true,
        envStyle: false,
        assigned: true, // a flag argument or element text is a literal, so a quoted phrase is a passphrase
        next: text.charAt(at + m[0].length),
        wordsAfter: false,
      };
      return isSecretValue(value, ctx) ? tail('password-assignment', m, value) : null;
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The engine: collect spans, merge, rebuild.
// ---------------------------------------------------------------------------------------------------------------

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The text a rule scans: the input itself, or a rewritten copy with a map back to the input's offsets. `map[i]` is
 * where view character i came from (`map[length]` is the input's length); `changed[i]` counts rewritten characters
 * before i, so a match that touched none of them is left to the plain scan.
 */
type View = { text: string; map: Int32Array | null; changed: Int32Array | null };

/**
 * Characters that hide a secret from the rules without changing what a reader copies: zero-width characters, soft
 * hyphens, the BOM, fullwidth letters, digits and token symbols (`ｇｈｐ＿…`; not the fullwidth punctuation of
 * Chinese and Japanese prose, `，：（）`), and `%5F` / `\u005f` escapes of token characters.
 */
const DISGUISE =
  /[\u00ad\u180e\u200b-\u200d\u2060\ufeff\uff0b\uff0d-\uff19\uff1d\uff21-\uff3a\uff3f\uff41-\uff5a]|%[2-7][0-9A-Fa-f]|\\u00[2-7][0-9A-Fa-f]/;
const isInvisibleCode = (c: number): boolean =>
  c === 0xad || c === 0x180e || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff;
/** Escapes are decoded only to characters tokens and key names are made of, so no quote or bracket appears. */
const isTokenCode = (c: number): boolean =>
  isAlnumCode(c) || c === 95 || c === 45 || c === 46 || c === 43 || c === 47 || c === 61 || c === 58;
const hexValue = (c: number): number =>
  isDigitCode(c) ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/** The decoded escape (`%5F`, `\u005f`) starting at `i`, as [character code, length], or null. */
function escapeAt(text: string, i: number): [number, number] | null {
  const c = text.charCodeAt(i);
  let code = -1;
  let length = 0;
  if (c === 37) {
    const hi = hexValue(text.charCodeAt(i + 1));
    const lo = hexValue(text.charCodeAt(i + 2));
    if (hi >= 0 && lo >= 0) [code, length] = [hi * 16 + lo, 3];
  } else if (c === 92 && text.charCodeAt(i + 1) === 117 && text.startsWith('00', i + 2)) {
    const hi = hexValue(text.charCodeAt(i + 4));
    const lo = hexValue(text.charCodeAt(i + 5));
    if (hi >= 0 && lo >= 0) [code, length] = [hi * 16 + lo, 6];
  }
  return length > 0 && isTokenCode(code) ? [code, length] : null;
}

/**
 * How far around a rewritten character a view reaches: far enough for any token and its key (bare values are
 * ≤1024), so a view holds only the neighbourhoods of rewrites, and a few disguised characters in 10 MB cost little.
 */
const VIEW_REACH = 1100;

/** Merges `[from, to)` ranges widened by `reach` into windows; ranges come in ascending order. */
class Windows {
  readonly list: [number, number][] = [];
  constructor(
    private readonly length: number,
    private readonly reach: number,
  ) {}
  add(from: number, to: number): void {
    const start = Math.max(0, from - this.reach);
    const end = Math.min(this.length, to + this.reach);
    const last = this.list[this.list.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else this.list.push([start, end]);
  }
}

/** Global form of DISGUISE, to find where the rewrites are; see undisguisedViews. */
const DISGUISES = new RegExp(DISGUISE.source, 'g');
const DISGUISE_BLOCK = 512;

/** A fullwidth form of a token character (not `：`, which Chinese and Japanese prose is full of). */
const isFullwidthTokenCode = (c: number): boolean =>
  c >= 0xff01 && c <= 0xff5e && c !== 0xff1a && isTokenCode(c - 0xfee0);

/**
 * Views of the input's neighbourhoods of disguises, undone (see DISGUISE); none when it has none. Linear. When they
 * would cover most of the input, one view of all of it is returned with `changed` null: it replaces the plain scan
 * (everything it finds counts), so input dense with disguises is scanned once, not twice.
 */
function undisguisedViews(text: string): View[] {
  if (!DISGUISE.test(text)) return [];
  const windows = new Windows(text.length, VIEW_REACH);
  let covered = 0;
  // One search per DISGUISE_BLOCK characters at most: a site's window covers the block after it, so the search
  // jumps over it (10 MB of disguises would otherwise be millions of matches).
  for (let at = 0; at < text.length;) {
    DISGUISES.lastIndex = at;
    const site = DISGUISES.exec(text)?.index;
    if (site === undefined) break;
    windows.add(site, site + DISGUISE_BLOCK);
    at = site + DISGUISE_BLOCK;
  }
  for (const [from, to] of windows.list) covered += to - from;
  if (covered > text.length / 2) {
    const whole = undisguise(text, 0, text.length, false);
    return whole ? [whole] : [];
  }
  const views: View[] = [];
  for (const [from, to] of windows.list) {
    const view = undisguise(text, from, to);
    if (view) views.push(view);
  }
  return views;
}

/**
 * One window of the input with its disguises undone, or null when nothing in it changed; `counted` false leaves
 * `changed` null (a whole-input view, whose every match counts).
 */
function undisguise(text: string, from: number, to: number, counted = true): View | null {
  const n = to - from;
  const codes = new Uint16Array(n);
  const map = new Int32Array(n + 1);
  const changed = counted ? new Int32Array(n + 1) : null;
  let length = 0;
  let rewritten = 0;
  for (let i = from; i < to;) {
    const c = text.charCodeAt(i);
    if (isInvisibleCode(c)) {
      i++;
      rewritten++;
      continue;
    }
    map[length] = i;
    if (changed) changed[length] = rewritten;
    const escape = c === 37 || c === 92 ? escapeAt(text, i) : null;
    if (escape && i + escape[1] <= to) {
      codes[length++] = escape[0];
      i += escape[1];
      rewritten++;
    } else if (isFullwidthTokenCode(c)) {
      codes[length++] = c - 0xfee0;
      i++;
      rewritten++;
    } else {
      codes[length++] = c;
      i++;
    }
  }
  map[length] = to;
  if (changed) changed[length] = rewritten;
  if (rewritten === 0) return null;
  return { text: new TextDecoder('utf-16le').decode(codes.subarray(0, length)), map, changed };
}

/** How far around a hard wrap its view reaches: the wrappable tokens are ≤300 characters but JWTs. */
const WRAP_REACH = 320;

/** Line breaks that may be a hard wrap inside a token: token characters on both sides. */
const WRAP = /[A-Za-z0-9_-]\r?\n(?=[A-Za-z0-9_-])/g;
const isTokenRunCode = (c: number): boolean => isAlnumCode(c) || c === 95 || c === 45;

/**
 * Whether the break at `at` (where `\r?\n` starts, `next` after it) may cut a token: the line is ≥32 characters (a
 * hard wrap happens at a column; a token's short last line ends it), it ends in a run of ≥16 token characters with
 * both letters and digits (a random token's fragment, not a word or an identifier), and ≥4 follow the break.
 */
function isWrapAt(text: string, at: number, next: number, lineStart: number): boolean {
  if (at - lineStart < 32 || at - runStart(text, at, 16, isTokenRunCode) < 16) return false;
  for (let i = next; i < next + 4; i++) if (!isTokenRunCode(text.charCodeAt(i))) return false;
  let digit = false;
  let letter = false;
  for (let i = at - 16; i < at; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) digit = true;
    else if (isUpperCode(c) || isLowerCode(c)) letter = true;
  }
  return digit && letter;
}

/**
 * Views of the input's neighbourhoods of hard wraps, the wrapped lines joined (see isWrapAt); none when it has none.
 * Only wrappable rules scan them, and only a match across a joined break counts.
 */
function unwrappedViews(text: string): View[] {
  const wraps: [number, number][] = [];
  const windows = new Windows(text.length, WRAP_REACH);
  let lineStart = 0;
  WRAP.lastIndex = 0;
  for (let m = WRAP.exec(text); m !== null; m = WRAP.exec(text)) {
    const at = m.index + 1;
    const previousBreak = text.lastIndexOf('\n', at - 1);
    if (previousBreak >= lineStart) lineStart = previousBreak + 1;
    const end = m.index + m[0].length;
    if (isWrapAt(text, at, end, lineStart)) {
      wraps.push([at, end]);
      windows.add(at, end);
    }
    lineStart = end;
  }
  const views: View[] = [];
  let next = 0; // the first wrap not yet in a view
  for (const [from, to] of windows.list) {
    const parts: string[] = [];
    const map = new Int32Array(to - from + 1);
    const changed = new Int32Array(to - from + 1);
    let length = 0;
    let copied = from;
    let rewritten = 0;
    const copyTo = (end: number): void => {
      parts.push(text.slice(copied, end));
      for (let i = copied; i < end; i++, length++) {
        map[length] = i;
        changed[length] = rewritten;
      }
    };
    for (; next < wraps.length && (wraps[next]?.[1] ?? Infinity) <= to; next++) {
      const [breakFrom = 0, breakTo = 0] = wraps[next] ?? [];
      copyTo(breakFrom);
      copied = breakTo;
      rewritten += breakTo - breakFrom;
    }
    copyTo(to);
    map[length] = to;
    changed[length] = rewritten;
    views.push({ text: parts.join(''), map, changed });
  }
  return views;
}

/**
 * Runs one rule over one view and reports its hits in input offsets. A rejected match does not hide what follows
 * it (`mytoken=abc:password=…`): the scan resumes one character in, not after the match, while the rescanned
 * characters stay within a budget (an eighth of the text, plus a little for short texts), so input made of nothing
 * but rejected matches costs at most an eighth more.
 */
function scan(rule: Rule, view: View, report: (hit: Hit) => void): void {
  const { text, map, changed } = view;
  const call = new CallContext(text);
  const re = rule.re;
  let budget = 4096 + text.length / 8;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    const matchEnd = at + m[0].length;
    if (matchEnd === at) {
      re.lastIndex = at + 1;
      continue;
    }
    // In a rewritten view, a match that touched nothing rewritten is the plain scan's business.
    if (changed && (changed[matchEnd] ?? 0) === (changed[at] ?? 0)) continue;
    const hit = rule.pick(m, text, call);
    if (!hit) {
      if (budget > 0) {
        budget -= matchEnd - at;
        re.lastIndex = at + 1;
      }
      continue;
    }
    if (hit.end <= hit.start) continue;
    if (map) report({ kind: hit.kind, start: map[hit.start] ?? 0, end: map[hit.end] ?? 0 });
    else report(hit);
  }
}

/** Replaces every secret in `text` with `[REDACTED:<kind>]`. Linear in the length of `text`; see the module comment. */
export function redactSecrets(text: string): RedactionResult {
  const starts: number[] = [];
  const ends: number[] = [];
  const ranks: number[] = [];
  let sorted = true;
  const mayHoldMarkers = text.includes(MARKER_PREFIX);

  const report = (hit: Hit): void => {
    let { start, end } = hit;
    // Never cut a surrogate pair: a bounded run can stop between its halves.
    if (isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) start--;
    if (isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) end++;
    // Already redacted text is left as it is (idempotence, whatever a rule's character class allows).
    if (mayHoldMarkers && text.slice(start, end).includes(MARKER_PREFIX)) return;
    if (starts.length > 0 && start < (starts[starts.length - 1] ?? 0)) sorted = false;
    starts.push(start);
    ends.push(end);
    ranks.push(KIND_RANK.get(hit.kind) ?? REDACTION_KINDS.length);
  };

  const undisguised = undisguisedViews(text);
  // A whole-input view (see undisguisedViews) is the one scan; otherwise the input itself, then the neighbourhoods.
  const primary: View = undisguised[0]?.changed === null ? undisguised[0] : { text, map: null, changed: null };
  const neighbourhoods = primary.map ? [] : undisguised;
  const unwrapped = unwrappedViews(text);
  const haystacks = [text, ...undisguised.map((view) => view.text)];
  for (const rule of RULES) {
    if (rule.hints && !rule.hints.some((hint) => haystacks.some((h) => h.includes(hint)))) continue;
    scan(rule, primary, report);
    for (const view of neighbourhoods) scan(rule, view, report);
    if (unwrapped.length > 0 && rule.wrappable) {
      // A token complete on its own line is already found; the join would only run it into the next line.
      const here = new RegExp(rule.re.source, 'y');
      const reportJoined = (hit: Hit): void => {
        here.lastIndex = hit.start;
        if (!here.test(text)) report(hit);
      };
      for (const view of unwrapped) scan(rule, view, reportJoined);
    }
  }
  if (starts.length === 0) return { text, count: 0, kinds: [] };

  const order = sorted ? null : orderByStart(starts);
  // Joined in chunks: one join over millions of small pieces (10 MB dense with secrets) is ~2.5× slower.
  const chunks: string[] = [];
  let parts: string[] = [];
  const found = new Uint8Array(REDACTION_KINDS.length + 1); // by rank: a Set per span costs more on dense input
  let count = 0;
  let copied = 0; // text before this offset is already in parts
  let i = 0;
  while (i < starts.length) {
    const first = order ? (order[i] ?? 0) : i;
    const start = starts[first] ?? 0;
    let end = ends[first] ?? 0;
    let rank = ranks[first] ?? 0;
    // Union of everything overlapping this span; the most specific kind names it.
    for (i++; i < starts.length; i++) {
      const next = order ? (order[i] ?? 0) : i;
      if ((starts[next] ?? 0) >= end) break;
      end = Math.max(end, ends[next] ?? 0);
      rank = Math.min(rank, ranks[next] ?? 0);
    }
    const kind = REDACTION_KINDS[rank] ?? 'password-assignment';
    parts.push(text.slice(copied, start), MARKERS[rank] ?? redactionMarker(kind));
    if (parts.length >= 8192) {
      chunks.push(parts.join(''));
      parts = [];
    }
    copied = end;
    found[rank] = 1;
    count++;
  }
  parts.push(text.slice(copied));
  chunks.push(parts.join(''));
  const kinds = REDACTION_KINDS.filter((_, rank) => found[rank] === 1).sort();
  return { text: chunks.join(''), count, kinds };
}

/**
 * Span indexes ordered by start offset (ties: earlier-found first). Packs start × 2^22 + index into one double (exact
 * below 2^53) so a typed-array sort does it without a comparator; falls back to a comparator beyond that.
 */
function orderByStart(starts: readonly number[]): Uint32Array {
  const n = starts.length;
  const order = new Uint32Array(n);
  const scale = 2 ** 22;
  if (n < scale && starts.every((s) => s < 2 ** 31)) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (starts[i] ?? 0) * scale + i;
    keys.sort();
    for (let i = 0; i < n; i++) order[i] = (keys[i] ?? 0) % scale;
    return order;
  }
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (starts[a] ?? 0) - (starts[b] ?? 0) || a - b);
  order.set(idx);
  return order;
}
