// @vitest-environment happy-dom
/**
 * The generic whole-document reader ("Save this chat" when the site's adapter is degraded): turns found by
 * structure, roles only where the markup says so, visible message text only.
 */
import { describe, expect, it } from 'vitest';
import { readGeneric } from './generic';
import { chatgptSite } from './sites/chatgpt';
import { withReadingParts } from './sites/reading-parts';
import { fixture, loadPage } from './test-kit';

const page = (body: string) => loadPage(`<!doctype html><html><body>${body}</body></html>`, 'https://chatgpt.com/c/x');

describe('readGeneric', () => {
  it('reads the degraded ChatGPT fixture: two turns, roles from data-author, no sidebar or composer text', () => {
    const { html, expected } = fixture('chatgpt', 'degraded');
    loadPage(html, expected.url);
    const r = readGeneric(document);
    expect(r.turns).toEqual([
      { role: 'user', text: 'Hello?' },
      { role: 'assistant', text: 'Hi! How can I help?' },
    ]);
    expect(r.unattributed).toBe(0);
  });

  it('picks the repeated turn blocks, not the paragraphs of one answer nor a notice beside the thread', () => {
    page(`<nav><a href="/a">Old chat one</a><a href="/b">Old chat two</a></nav>
      <main><div class="wrap"><div class="thread">
        <article class="t" data-kind="q"><p>First question</p></article>
        <article class="t" data-kind="a"><p>Para one.</p><p>Para two.</p><p>Para three.</p><button>Copy</button></article>
        <article class="t" data-kind="q"><p>Second question</p></article>
        <article class="t" data-kind="a"><p>Short answer.</p></article>
      </div><div class="note">AI can make mistakes.</div></div>
      <form><textarea>draft</textarea><button>Send</button></form></main>`);
    const r = readGeneric(document);
    expect(r.turns.map((t) => t.text)).toEqual([
      'First question',
      'Para one.\n\nPara two.\n\nPara three.',
      'Second question',
      'Short answer.',
    ]);
    expect(r.turns.every((t) => t.role === null)).toBe(true);
    expect(r.unattributed).toBe(4);
  });

  it('attributes roles from aria labels and data attributes on or inside a turn; counts the rest', () => {
    page(`<main><section>
      <div class="row"><div data-message-author-role="user">Hi there</div></div>
      <div class="row" aria-label="Assistant message"><p>Hello, human.</p></div>
      <div class="row"><p>Something without a marker</p></div>
      <div class="row" data-role="human"><p>Thanks</p></div>
      <div class="row"><div data-sender="bot">You're welcome</div></div>
    </section></main>`);
    const r = readGeneric(document);
    expect(r.turns.map((t) => t.role)).toEqual(['user', 'assistant', null, 'user', 'assistant']);
    expect(r.unattributed).toBe(1);
  });

  it('leaves out hidden text and empty blocks', () => {
    page(`<main><ul>
      <li class="m" data-author="user">Visible question<span hidden>secret</span><span aria-hidden="true">icon</span></li>
      <li class="m" data-author="assistant">Visible answer<span style="display:none">hidden</span></li>
      <li class="m" data-author="assistant"><button>Retry</button></li>
    </ul></main>`);
    const r = readGeneric(document);
    expect(r.turns).toEqual([
      { role: 'user', text: 'Visible question' },
      { role: 'assistant', text: 'Visible answer' },
    ]);
  });

  it.each([
    [
      'claude',
      [
        ['user', 'Hi Claude'],
        [null, 'Hello! What can I do for you?'],
      ],
    ],
    [
      'gemini',
      [
        ['user', 'Hello Gemini'],
        ['assistant', 'Hello! How can I help?'],
      ],
    ],
    [
      'perplexity',
      [
        ['user', 'Hello there'],
        ['assistant', 'Hi! Ask me anything.'],
      ],
    ],
  ] as const)(
    'reads the degraded %s fixture (turns by their role markup when no repeated rows show both)',
    (site, want) => {
      const { html, expected } = fixture(site, 'degraded');
      loadPage(html, expected.url);
      const r = readGeneric(document);
      expect(r.turns.map((t) => [t.role, t.text])).toEqual(want);
      expect(r.unattributed).toBe(want.filter(([role]) => role === null).length);
    },
  );

  it('never takes a list of links (a sidebar outside <nav>) for the thread', () => {
    page(`<main><div class="side"><a class="item" href="/a">Old chat one</a><a class="item" href="/b">Old chat two</a></div>
      <div class="thread"><div class="msg">Question?</div><div class="msg">Answer.</div></div></main>`);
    expect(readGeneric(document).turns.map((t) => t.text)).toEqual(['Question?', 'Answer.']);
  });

  it("keeps the adapter's own Markdown rules (ChatGPT's code blocks) where its selectors broke", () => {
    page(`<main><div class="thread"><div class="msg">Question?</div><div class="msg"><div data-markdown-copy="code-block">
      <div data-markdown-copy="exclude"><span>Go</span><button>Copy</button></div>
      <div class="cm-content"><div class="cm-line">x := 1</div></div></div></div></main>`);
    expect(readGeneric(document, withReadingParts(chatgptSite).markdown).turns.map((t) => t.text)).toEqual([
      'Question?',
      '```go\nx := 1\n```',
    ]);
  });

  it('finds nothing on a page without repeated blocks', () => {
    page(`<main><div><p>Just one block of text.</p></div></main>`);
    expect(readGeneric(document)).toEqual({ turns: [], unattributed: 0 });
  });
});
