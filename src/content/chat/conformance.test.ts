// @vitest-environment happy-dom
/**
 * Conformance on real pages: conversation pages captured from the live sites by third parties are kept outside
 * this repository (other people's data, never copied in), in a folder next to the checkout (DIR below; CI has it)
 * or wherever MNUERON_REAL_PAGES points. When it is present, every page is served at a made-up URL of its site's
 * real form and read the way "Save this chat" reads it: every exchange, both sides complete and in order, code
 * with its language, formulas as TeX, no UI chrome, and the finished state each answer shows. Without the folder
 * the suite is skipped with a message saying so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatSiteId } from '../../shared/chat-sites';
import { collectExchanges } from './collect';
import { withReadingParts } from './sites/reading-parts';
import { ADAPTERS } from './sites/index';
import { loadPage } from './test-kit';

// vitest runs from the repository root
const DIR = resolve(process.env.MNUERON_REAL_PAGES ?? join(process.cwd(), '..', 'shared', 'real-pages'));
const present = existsSync(DIR);
if (!present) console.warn(`conformance on real pages skipped: no folder at ${DIR} (set MNUERON_REAL_PAGES)`);

type Page = {
  file: string;
  site: ChatSiteId;
  url: string;
  /** Per exchange, in order: a fragment of the question (null: an answer with no question before it)… */
  questions: (string | null)[];
  /** …and a fragment of its answer. */
  answers: string[];
  /** Per exchange: the answer shows its finished signal (false: saved as stopped). */
  finished: boolean[];
  /** Fragments the capture must contain (code fences with their language, TeX)… */
  contains?: string[];
  /** …and must not (UI chrome, labels, rendered-math garbage). */
  absent?: string[];
};

const PAGES: Page[] = [
  {
    file: 'chatgpt/sho7650-2026-02-27-chat-simple.html',
    site: 'chatgpt',
    url: 'https://chatgpt.com/c/6a1b2c3d-1111-8000-9000-00000000aa01',
    questions: ['html構造', '「いいえ」', 'Research', '機能について', null, '数式を表現'],
    answers: ['はい', 'いいえ', '承知しました', '了解しました', '# ChatGPTの機能概要', '数式を表現できます'],
    finished: [true, true, true, true, true, true],
    contains: ['$ax + b = 0$', ' [help.openai.com](https://help.openai.com/'],
    absent: ['QuillBot', 'Humanize', 'ChatGPT said', 'You said', 'す[help.openai.com]'],
  },
  {
    file: 'chatgpt/kadragon-2026-07-17-short.html',
    site: 'chatgpt',
    url: 'https://chatgpt.com/c/6a1b2c3d-1111-8000-9000-00000000aa02',
    questions: ['파이썬'],
    answers: ['```python\n'],
    finished: [true],
    absent: ['나의 말', 'ChatGPT의 말', '복사'],
  },
  {
    file: 'chatgpt/kadragon-2026-07-17-code-heavy.html',
    site: 'chatgpt',
    url: 'https://chatgpt.com/c/6a1b2c3d-1111-8000-9000-00000000aa03',
    questions: ['세 가지 언어'],
    answers: ['```python\ndef fibonacci(n):'],
    finished: [true],
    contains: ['```javascript\n', '```bash\n'],
    absent: ['나의 말', 'ChatGPT의 말', '실행됨', '\nPython\n', '\nBash\n'],
  },
  {
    file: 'claude/sho7650-2026-02-27-chat-simple.html',
    site: 'claude',
    url: 'https://claude.ai/chat/0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4faa01',
    questions: ['html構造', '「いいえ」', 'artifact', '調査分析', '基本的な機能', '数式をいくつか', 'chat で数式'],
    answers: [
      'はい',
      'いいえ',
      'artifact を作成しました',
      '調査を始めます',
      '素人向け',
      '数式サンプル集',
      'LaTeX 記法',
    ],
    finished: [true, true, true, true, true, true, true],
    contains: ['$$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$', '$E = mc^2$'],
  },
  {
    file: 'claude/kadragon-2026-07-25-short-reconstructed.html',
    site: 'claude',
    url: 'https://claude.ai/chat/0c5e7a2b-41d3-4f6e-9a8b-2d1c3e4faa02',
    questions: ['First user question.\nSecond line of the same paragraph.\n\nA separate paragraph.', 'A follow-up'],
    answers: ['Here is an answer with **bold** and `inline code`.', 'Closing reply.'],
    finished: [true, true],
    contains: ['```sql\nSELECT id\nFROM users;\n```', '- alpha\n- beta'],
    absent: ['Share', 'Fixture conversation'],
  },
  {
    file: 'gemini/sho7650-2026-02-27-chat-simple.html',
    site: 'gemini',
    url: 'https://gemini.google.com/app/5f1c2b3a4d5eaa01',
    questions: ['E2E テスト', '「いいえ」', 'LaTeX形式'],
    answers: ['はい', 'いいえ', '代表的な数式'],
    finished: [true, true, true],
    contains: ['$$E = mc^2$$', '$$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$', '$$e^{i\\pi} + 1 = 0$$'],
    absent: ['E=mc2', 'eiπ'],
  },
  {
    file: 'gemini/kadragon-2026-07-25-short-reconstructed.html',
    site: 'gemini',
    url: 'https://gemini.google.com/app/5f1c2b3a4d5eaa02',
    questions: ['First fixture question.', 'A follow-up question.\n\nWith a second line.'],
    answers: ['An answer with **bold** and `inline code`.', 'Closing reply.'],
    finished: [true, false],
    contains: ['```python\nprint("hello")\n```'],
    absent: ['말씀하신 내용', 'Python\n\n```', 'content_copy'],
  },
  {
    file: 'perplexity/sho7650-2026-02-27-chat-simple.html',
    site: 'perplexity',
    url: 'https://www.perplexity.ai/search/html-test-aa01.Xy',
    questions: ['「はい」とだけ答えて', '「いいえ」', 'LaTeX'],
    answers: ['はい。', 'いいえ', '代表的な数式'],
    finished: [true, true, true],
    contains: ['はい。 [perplexity](https://docs.perplexity.ai/', '$2x + 3 = 7$'],
    absent: ['Help improve our product', 'Compare', 'Reviewed 10 sources', 'Edit Query'],
  },
  {
    file: 'perplexity/sho7650-2026-02-27-deep-research.html',
    site: 'perplexity',
    url: 'https://www.perplexity.ai/search/deep-research-aa02.Xy',
    questions: ['Perplexity'],
    answers: ['Perplexity AI の提供機能'],
    finished: [true],
    // the research report (a card beside the answer's summary) is part of the answer
    contains: ['# Perplexity AI 提供機能まとめ', '## 検索モード', '| モード | 概要 | 利用条件 |'],
    absent: ['Export', 'steps completed', 'Copy contents', 'View full screen', '。perplexity+1'],
  },
];

const norm = (s: string) => s.replace(/[ \t]*\n[ \t]*/g, '\n').replace(/[ \t]+/g, ' ');

describe.skipIf(!present)('conformance on real captured pages', () => {
  for (const p of PAGES) {
    it(`${p.file}: every exchange, complete and in order, with its finished state`, async () => {
      const a = ADAPTERS[p.site];
      loadPage(readFileSync(join(DIR, p.file), 'utf8'), p.url);
      const id = a.conversationId(new URL(location.href));
      expect(id, 'conversation id from the URL').toBeTruthy();
      const root = a.container(document);
      expect(root, 'thread container').not.toBeNull();
      const turns = a.turns(root!);
      const roles = turns.map((t) => a.role(t));
      expect(roles, 'both roles are found').toContain('user');
      expect(roles).toContain('assistant');
      const answers = turns.filter((t) => a.role(t) === 'assistant');
      expect(answers.map((t) => !a.streaming(t) && a.finished(t))).toEqual(p.finished);

      // (read with the site's late Markdown rules, as the reader and "Save this chat" read)
      const got = await collectExchanges(withReadingParts(a), document, root!, id!);
      expect(got.map((ex) => ex.stopped)).toEqual(p.finished.map((f) => !f));
      expect(got).toHaveLength(p.questions.length);
      got.forEach((ex, i) => {
        const user = ex.messages.find((m) => m.role === 'user');
        const answer = ex.messages.find((m) => m.role === 'assistant');
        const q = p.questions[i];
        if (q === null) expect(user, `exchange ${i}: no question`).toBeUndefined();
        else expect(norm(user?.text ?? ''), `exchange ${i}: question`).toContain(q);
        expect(norm(answer?.text ?? ''), `exchange ${i}: answer`).toContain(p.answers[i]);
      });
      const all = norm(got.flatMap((ex) => ex.messages.map((m) => m.text)).join('\n\n'));
      for (const s of p.contains ?? []) expect(all, 'contains').toContain(s);
      for (const s of p.absent ?? []) expect(all, 'absent').not.toContain(s);
    });
  }
});

describe.skipIf(present)('conformance on real captured pages', () => {
  it.skip(`skipped: no folder of real pages at ${DIR} (set MNUERON_REAL_PAGES to run it)`, () => {});
});
