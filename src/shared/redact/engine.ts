/**
 * The redaction engine: runs every rule (rules.ts) over the text, merges the spans they report, and rebuilds the text
 * with markers. Linear in the length of the text on any input; 10 MB of the densest shapes stays within about a
 * second of CPU.
 *
 * What it scans: the text itself; around disguises (zero-width characters, soft hyphens, fullwidth forms, `%5F` /
 * `\u005f` escapes) a view with them undone; around hard wraps inside a token a view with the lines joined (for
 * wrappable rules). A view's match counts only when it touched something the view rewrote, and its span is mapped
 * back to the text, so the marker covers the disguised characters too. A rejected match does not hide what follows
 * it: the scan resumes one character in, within a budget.
 *
 * How it decides: overlapping spans are merged (a union, so nothing any rule flagged survives) and the merged span
 * is labelled with the most specific kind involved (the order of REDACTION_KINDS).
 */
import { redactionMarker, MARKER_PREFIX } from './marker';
import * as checks from './checks';
import { REDACTION_KINDS, RULES, type RedactionKind, type Hit, type Rule } from './rules';

// The character tests run once per character of the views and per line break: bound once here, so a call is a plain
// call and not a module-namespace property read each time (which CommonJS interop, as in tsx, turns into a getter).
const { isDigitCode, isUpperCode, isLowerCode, isAlnumCode, runStart } = checks;

export type RedactionResult = { text: string; count: number; kinds: string[] };

const KIND_RANK = new Map<RedactionKind, number>(REDACTION_KINDS.map((kind, i) => [kind, i]));

/** Markers by kind rank, built once: input dense with secrets would otherwise build one string per secret. */
const MARKERS: readonly string[] = REDACTION_KINDS.map(redactionMarker);

/** Look-ups a rule needs across its matches in one call, computed incrementally so they stay linear. */
export class CallContext {
  private lastCommand = -1;
  /** Per command word: its next whole-word occurrence not yet passed (-2: not searched yet, -1: none). */
  private readonly pending = [-2, -2];

  constructor(private readonly text: string) {}

  /**
   * Whether a curl/wget command word starts within `distance` characters before `at`. One rule's matches arrive in
   * order, so the command scan only ever moves forward: linear in total, where a look-back per match would not be.
   * (indexOf and a boundary check: `\b(?:curl|wget)\b` without a match object per command.)
   */
  commandBefore(at: number, distance: number): boolean {
    // A command already seen near enough answers it: any later one before `at` is nearer still (dense input then
    // searches once per `distance` characters, not once per match).
    if (this.lastCommand >= 0 && at - this.lastCommand <= distance) return true;
    for (let k = 0; k < COMMAND_WORDS.length; k++) {
      const word = COMMAND_WORDS[k] ?? '';
      let next = this.pending[k] ?? -1;
      if (next === -2) next = this.wordAt(word, 0);
      while (next >= 0 && next < at) {
        if (next > this.lastCommand) this.lastCommand = next;
        next = this.wordAt(word, next + word.length);
      }
      this.pending[k] = next;
    }
    return this.lastCommand >= 0 && at - this.lastCommand <= distance;
  }

  /** The first occurrence of `word` at or after `from` with no word character on either side, or -1. */
  private wordAt(word: string, from: number): number {
    const { text } = this;
    for (let i = text.indexOf(word, from); i >= 0; i = text.indexOf(word, i + 1)) {
      if (!isWordCode(text.charCodeAt(i - 1)) && !isWordCode(text.charCodeAt(i + word.length))) return i;
    }
    return -1;
  }
}

const COMMAND_WORDS = ['curl', 'wget'] as const;
/** `\w`: the characters `\b` tells apart from the rest. */
const isWordCode = (c: number): boolean => isAlnumCode(c) || c === 95;

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

/**
 * The decoded escape (`%5F`, `\u005f`) starting at `i`, packed as character code × 8 + length (3 or 6), or -1: one
 * number rather than a pair, since 10 MB of escapes would otherwise allocate one per escape.
 */
function escapeAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  let code = -1;
  let length = 0;
  if (c === 37) {
    const hi = hexValue(text.charCodeAt(i + 1));
    const lo = hexValue(text.charCodeAt(i + 2));
    if (hi >= 0 && lo >= 0) {
      code = hi * 16 + lo;
      length = 3;
    }
  } else if (c === 92 && text.charCodeAt(i + 1) === 117 && text.startsWith('00', i + 2)) {
    const hi = hexValue(text.charCodeAt(i + 4));
    const lo = hexValue(text.charCodeAt(i + 5));
    if (hi >= 0 && lo >= 0) {
      code = hi * 16 + lo;
      length = 6;
    }
  }
  return length > 0 && isTokenCode(code) ? code * 8 + length : -1;
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
export function undisguise(text: string, from: number, to: number, counted = true): View | null {
  const n = to - from;
  const codes = new Uint16Array(n);
  const map = new Int32Array(n + 1);
  const changed = counted ? new Int32Array(n + 1) : null;
  let length = 0;
  let rewritten = 0;
  for (let i = from; i < to;) {
    const c = text.charCodeAt(i);
    // Most characters are none of the disguises: copied as they are, with one test.
    if (c < 0xad && c !== 37 && c !== 92) {
      map[length] = i;
      if (changed) changed[length] = rewritten;
      codes[length++] = c;
      i++;
      continue;
    }
    if (isInvisibleCode(c)) {
      i++;
      rewritten++;
      continue;
    }
    map[length] = i;
    if (changed) changed[length] = rewritten;
    const escape = c === 37 || c === 92 ? escapeAt(text, i) : -1;
    if (escape >= 0 && i + (escape & 7) <= to) {
      codes[length++] = escape >> 3;
      i += escape & 7;
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

/** Line breaks that may be a hard wrap inside a token (`[A-Za-z0-9_-]\r?\n(?=[A-Za-z0-9_-])`): token characters on
 * both sides. */
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
  // Every `\n` in turn, by indexOf and character codes (a regex match object per line break of 10 MB of short lines
  // costs more than the rest of this function).
  let previousBreak = -1;
  for (let n = text.indexOf('\n'); n >= 0; previousBreak = n, n = text.indexOf('\n', n + 1)) {
    const at = text.charCodeAt(n - 1) === 13 ? n - 1 : n; // where `\r?\n` starts
    const end = n + 1;
    // isWrapAt's cheapest test first: most lines of prose and code are shorter than a wrap column.
    if (at - previousBreak - 1 < 32) continue;
    if (!isTokenRunCode(text.charCodeAt(at - 1)) || !isTokenRunCode(text.charCodeAt(end))) continue;
    if (isWrapAt(text, at, end, previousBreak + 1)) {
      wraps.push([at, end]);
      windows.add(at, end);
    }
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
      const shift = copied - length;
      const stop = length + end - copied;
      for (; length < stop; length++) map[length] = length + shift;
      changed.fill(rewritten, stop - (end - copied), stop);
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
function* scan(rule: Rule, view: View, report: (hit: Hit) => void): Steps<void> {
  const { text, map, changed } = view;
  const call = new CallContext(text);
  const re = rule.re;
  let budget = 4096 + text.length / 8;
  re.lastIndex = 0;
  let matches = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // A place to pause every few thousand matches (see redactSecretsInSlices); re.lastIndex carries the scan on.
    if ((++matches & (MATCHES_PER_STEP - 1)) === 0) {
      const resume = re.lastIndex;
      yield;
      re.lastIndex = resume;
    }
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

/**
 * The engine's work as steps: it yields between rules and every few thousand matches or rebuilt spans, so a caller
 * may pause there (redactSecretsInSlices); redactSecrets runs it straight through. Either way the same result.
 */
type Steps<T> = Generator<undefined, T, undefined>;
const MATCHES_PER_STEP = 4096;

/** Replaces every secret in `text` with `[REDACTED:<kind>]`. Linear in the length of `text`; see the module comment. */
export function redactSecrets(text: string): RedactionResult {
  const steps = redactionSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export type SliceOptions = {
  /** How long one slice may run before the engine pauses (ms). */
  sliceMs?: number;
  /** The pause between slices; a macrotask by default, so the event loop (messages, timers) runs in between. */
  pause?: () => Promise<void>;
  /** The clock slices are timed with. */
  now?: () => number;
};

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * redactSecrets in slices of about `sliceMs` of CPU, pausing between them, for the service worker: a 10 MB selection
 * takes up to about a second to redact, and the worker must go on answering the popup and the content scripts
 * meanwhile. The same scan as redactSecrets, only paused at step boundaries (no chunks of text, so no seams a secret
 * could straddle): the result is identical.
 */
export async function redactSecretsInSlices(text: string, options: SliceOptions = {}): Promise<RedactionResult> {
  const { sliceMs = 50, pause = macrotask, now = () => performance.now() } = options;
  const steps = redactionSteps(text);
  let sliceStart = now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = now();
    }
  }
}

function* redactionSteps(text: string): Steps<RedactionResult> {
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
    yield;
    yield* scan(rule, primary, report);
    for (const view of neighbourhoods) yield* scan(rule, view, report);
    if (unwrapped.length > 0 && rule.wrappable) {
      // A token complete on its own line is already found; the join would only run it into the next line.
      const here = new RegExp(rule.re.source, 'y');
      const reportJoined = (hit: Hit): void => {
        here.lastIndex = hit.start;
        if (!here.test(text)) report(hit);
      };
      for (const view of unwrapped) yield* scan(rule, view, reportJoined);
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
      yield;
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
