/**
 * Value checks for the redaction rules: character tests, key-name look-backs, and the judgements of a candidate
 * value (is the text after `password=` a literal secret, or code, a reference, a placeholder, a label, prose?), plus
 * the checksums and shapes of values that are only secrets when they pass them (Luhn for card numbers, cookie lists).
 * Pure functions of their arguments; every look-back is bounded so the rules stay linear.
 */
import { MARKER_PREFIX } from './marker';

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

const NON_SECRET_WORD_LENGTH = Math.max(...[...NON_SECRET_WORDS].map((word) => word.length));

function hasAlnum(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isAlnumCode(value.charCodeAt(i))) return true;
  return false;
}

/**
 * Environment, template and query-parameter references, and YAML tags/aliases: they name a secret, they don't hold
 * one (`${DB_PASSWORD}`, `$1`, `{{ vault_pw }}`, `%(pw)s`, `%PW%`, `#{pw}`, SQL `:password` `@pw` `?`, `!vault`,
 * `*anchor`, `op://…`, `arn:aws:secretsmanager:…`). Sigils only count before a plain name: `!Secr3t#` is a password.
 */
const REFERENCE =
  /^\$\w+$|[$#]\{|\$\(|\{[{%]|\{\w*\}|%[sd]\b|^%(?:[({]|\w+%$)|^[:@][A-Za-z_]\w*$|^\?\d*$|^![A-Za-z]\w*$|^\*[A-Za-z_][\w-]*$|^(?:arn|vault|ref\+\w+):|^op:\/\//;
/**
 * Whether `value` from `from` on has a character or starts with a word that a reference needs (see REFERENCE_HINT),
 * without copying it: dense input calls this for every match.
 */
export function mayBeReference(value: string, from: number): boolean {
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // $ # { % : @ ? ! *
    if (c === 36 || c === 35 || c === 123 || c === 37 || c === 58 || c === 64 || c === 63 || c === 33 || c === 42) {
      return true;
    }
  }
  return (
    value.startsWith('arn', from) ||
    value.startsWith('vault', from) ||
    value.startsWith('ref+', from) ||
    value.startsWith('op', from)
  );
}

/** A character or word every REFERENCE form has: most values fail this cheap test and skip the long one. */
const REFERENCE_HINT = /[$#{%:@?!*]|^(?:arn|vault|ref\+|op)/;
export function isReference(value: string): boolean {
  return REFERENCE_HINT.test(value) && REFERENCE.test(value);
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
export function isCodeExpression(value: string, next: string): boolean {
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

/** normalizeName's lower case of an ASCII code, or -1 for a character it drops. */
function nameCode(c: number): number {
  if (isLowerCode(c) || isDigitCode(c)) return c;
  return isUpperCode(c) ? c + 32 : -1;
}

/**
 * normalizeName(a) === normalizeName(b), without building either string (dense input compares once per match). A
 * non-ASCII character (whose lower case may be ASCII: `K`, the Kelvin sign) falls back to normalizeName.
 */
function sameName(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    let ca = -1;
    for (; i < a.length && ca < 0; i++) {
      const c = a.charCodeAt(i);
      if (c >= 128) return normalizeName(a) === normalizeName(b);
      ca = nameCode(c);
    }
    let cb = -1;
    for (; j < b.length && cb < 0; j++) {
      const c = b.charCodeAt(j);
      if (c >= 128) return normalizeName(a) === normalizeName(b);
      cb = nameCode(c);
    }
    if (ca !== cb) return false;
    if (ca < 0) return true;
  }
}

/** Which rules apply to a key's value: only passwords may be all digits (PINs); tokens and keys never are. */
type KeyFamily = 'password' | 'pin' | 'token';

const PASSWORD_FAMILY = new Set(['password', 'passwd', 'passphrase', 'passcode', 'pwd', 'pw', 'pass']);

// Character tests by code (these run for every candidate match; a regex per character is needlessly slow).
export const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
export const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
export const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
export const isAlnumCode = (c: number): boolean => isDigitCode(c) || isUpperCode(c) || isLowerCode(c);
/** Identifier characters of key names: letters, digits, `_`, `.`, `-` (and `:` for XML namespaces). */
const isNameCode = (c: number): boolean => isAlnumCode(c) || c === 95 || c === 46 || c === 45;
const isAlnum = (ch: string): boolean => isAlnumCode(ch.charCodeAt(0));
/** Whitespace before a command-line flag (ASCII and the no-break space). */
export const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;

/** Where a run of `accept` characters ending at `at` starts, looking back at most `limit` characters. */
export function runStart(text: string, at: number, limit: number, accept: (code: number) => boolean): number {
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
export function keyStartsHere(text: string, at: number, keyword: string): boolean {
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
export function elementNameEndingAt(text: string, at: number, keyword: string): string {
  const start = runStart(text, at, 48, (c) => isNameCode(c) || c === 58);
  return text.charAt(start - 1) === '<' ? text.slice(start, at) + keyword : '';
}

/** The identifier the keyword ends (`DB_PASSWORD` for the `PASSWORD` at `at`), looking back a bounded distance. */
export function keyNameEndingAt(text: string, at: number, keyword: string): string {
  return text.slice(runStart(text, at, 48, isNameCode), at) + keyword;
}

export type ValueContext = {
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
export function isSecretValue(value: string, ctx: ValueContext): boolean {
  // Too short to be a credential without its base64 padding (`lastToken=r==` in minified code), or no letter or digit
  // at all (`'||='` in a token table).
  // (Checks by character code, cheapest first: dense input judges a value per match.)
  let unpadded = value.length;
  while (unpadded > 0 && value.charCodeAt(unpadded - 1) === 61) unpadded--;
  if (unpadded < 3 || !hasAlnum(value)) return false;
  // toLowerCase never shortens a string, so a longer value is none of the words.
  if (value.length <= NON_SECRET_WORD_LENGTH && NON_SECRET_WORDS.has(value.toLowerCase())) return false;
  // A value that repeats its own key is a label (`password: Password` in an i18n file), not a credential.
  if (sameName(value, ctx.keyword) || sameName(value, ctx.keyName)) return false;
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
export function wordsAfter(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c === 32 || c === 9) && /\p{L}/u.test(text.charAt(at + 1));
}

/** The family of a matched key word (`PASSWORD` → password, `PIN` → pin, `apiKey` → token). */
export function familyOf(keyword: string): KeyFamily {
  const lower = keyword.toLowerCase();
  if (lower === 'pin') return 'pin';
  return PASSWORD_FAMILY.has(lower) ? 'password' : 'token';
}

/** No letter or digit right before `at`: a header or token name starts a word here. */
export function startsWord(text: string, at: number): boolean {
  return !isAlnum(text.charAt(at - 1));
}

/** The URL scheme ending at `at` (where `://` starts), or '' when there is none (≤31 characters, RFC 3986 syntax). */
export function schemeBefore(text: string, at: number): string {
  const isSchemeCode = (c: number): boolean => isAlnumCode(c) || c === 43 || c === 46 || c === 45;
  const start = runStart(text, at, 32, isSchemeCode);
  const scheme = text.slice(start, at);
  return /^[A-Za-z][A-Za-z0-9+.-]{1,30}$/.test(scheme) && !isSchemeCode(text.charCodeAt(start - 1)) ? scheme : '';
}

/** A header or bearer credential: contains a digit, an inner capital or a token symbol; not an English word. */
export function looksLikeCredential(value: string): boolean {
  return /\d/.test(value) || /[a-z][A-Z]/.test(value) || /[._~+/=]/.test(value);
}

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
export function isCardNumber(written: string): boolean {
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
export function isCookieList(list: string): boolean {
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
