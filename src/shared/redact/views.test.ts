import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DENSE_SHAPES } from '../../../bench/redaction';
import { undisguise } from './engine';

// undisguise() builds the view the rules scan around disguises (zero-width characters, escapes, fullwidth forms) with
// typed arrays and a UTF-16 decode, for speed. This checks it against a straightforward character-by-character
// reference on inputs of every shape the redaction bench measures, plain and with disguises sprinkled in (including
// between the halves of a surrogate pair): the same text, the same map back, the same rewrite counts.

const FIXTURES = new URL('../../../test/fixtures/redaction/', import.meta.url);
const mixed = ['positive/', 'negative/']
  .flatMap((dir) =>
    readdirSync(new URL(dir, FIXTURES))
      .filter((name) => name !== 'expected.json')
      .map((name) => readFileSync(new URL(`${dir}${name}`, FIXTURES), 'utf8')),
  )
  .join('\n');

const TOKEN = /^[A-Za-z0-9_\-.+/=:]$/;
const INVISIBLE = /^[\u00ad\u180e\u200b-\u200d\u2060\ufeff]$/;
const ESCAPE = /%([0-9A-Fa-f]{2})|\\u00([0-9A-Fa-f]{2})/y;

type Reference = { text: string; map: number[]; changed: number[] | null; rewritten: number };

/** One character at a time: drop invisibles, decode token escapes, fold fullwidth token characters, copy the rest. */
function reference(text: string, from: number, to: number, counted: boolean): Reference {
  let out = '';
  const map: number[] = [];
  const changed: number[] = [];
  let rewritten = 0;
  for (let i = from; i < to;) {
    const ch = text.charAt(i);
    if (INVISIBLE.test(ch)) {
      i++;
      rewritten++;
      continue;
    }
    map.push(i);
    changed.push(rewritten);
    ESCAPE.lastIndex = i;
    const escape = ESCAPE.exec(text);
    const decoded = escape ? String.fromCharCode(parseInt(escape[1] ?? escape[2] ?? '', 16)) : '';
    const code = text.charCodeAt(i);
    const folded = code >= 0xff01 && code <= 0xff5e && code !== 0xff1a ? String.fromCharCode(code - 0xfee0) : '';
    if (escape && TOKEN.test(decoded) && i + escape[0].length <= to) {
      out += decoded;
      i += escape[0].length;
      rewritten++;
    } else if (folded && TOKEN.test(folded)) {
      out += folded;
      i++;
      rewritten++;
    } else {
      out += ch;
      i++;
    }
  }
  map.push(to);
  changed.push(rewritten);
  // Decoded as UTF-16, as the views were first built: a surrogate separated from its other half becomes U+FFFD.
  const units = Uint16Array.from({ length: out.length }, (_, k) => out.charCodeAt(k));
  const decoded = new TextDecoder('utf-16le').decode(units);
  return { text: decoded, map, changed: counted ? changed : null, rewritten };
}

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DISGUISES = [
  '\u200b',
  '\u00ad',
  '\ufeff',
  '%5F',
  '%5f',
  '%3C',
  '%2',
  '%%41',
  '\\u005f',
  '\\u003c',
  '\\u00',
  'ｇ',
  'ｈ',
  '＿',
  '：',
  '％',
  '\\',
];

function sprinkle(text: string, next: () => number, rate: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += text.charAt(i);
    if (next() < rate) out += DISGUISES[Math.floor(next() * DISGUISES.length)] ?? '';
  }
  return out;
}

function compare(text: string, next: () => number): void {
  const windows: [number, number][] = [[0, text.length]];
  for (let k = 0; k < 4; k++) {
    const from = Math.floor(next() * text.length);
    windows.push([from, from + Math.floor(next() * (text.length - from + 1))]);
  }
  for (const [from, to] of windows) {
    for (const counted of [true, false]) {
      const want = reference(text, from, to, counted);
      const got = undisguise(text, from, to, counted);
      if (want.rewritten === 0) {
        expect(got).toBeNull();
        continue;
      }
      expect(got).not.toBeNull();
      expect(got?.text).toBe(want.text);
      expect(Array.from(got?.map ?? []).slice(0, want.map.length)).toEqual(want.map);
      if (counted) expect(Array.from(got?.changed ?? []).slice(0, want.map.length)).toEqual(want.changed);
      else expect(got?.changed).toBeNull();
    }
  }
}

describe('undisguise matches the character-by-character reference', () => {
  const shapes: [string, string][] = [['mixed text', mixed.slice(0, 20_000)], ...DENSE_SHAPES];
  for (const [label, unit] of shapes) {
    it(`on ${label}`, () => {
      const next = random(label.length * 7919 + 1);
      const plain = unit.repeat(Math.ceil(3000 / unit.length)).slice(0, Math.max(3000, unit.length));
      compare(plain, next);
      compare(sprinkle(plain, next, 0.01), next);
      compare(sprinkle(plain, next, 0.3), next);
    });
  }

  it('on random mixes of the shapes and disguises', () => {
    const next = random(42);
    const pieces = [...DENSE_SHAPES.map(([, unit]) => unit), ...DISGUISES, ' ', '\n', 'token=', 'abc'];
    for (let round = 0; round < 200; round++) {
      let text = '';
      const n = 1 + Math.floor(next() * 60);
      for (let k = 0; k < n; k++) text += pieces[Math.floor(next() * pieces.length)] ?? '';
      compare(text, next);
    }
  });
});
