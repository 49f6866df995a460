/**
 * Chat pages for the bench, built from the chat capture fixtures (test/fixtures/sites/<site>/streaming.html): a
 * 1,000-turn conversation that ends in an answer being streamed, and the in-page helper that streams tokens,
 * completes the answer the way each fixture's top comment describes, records long tasks, and timestamps keystrokes. The helper is installed identically with and without the extension, so its own cost
 * cancels out of every with-minus-without figure.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type BenchSite = 'chatgpt' | 'claude';

export type SiteSpec = {
  id: BenchSite;
  label: string;
  origin: string;
  /** Path of a conversation page for an id. */
  path(conversationId: string): string;
  /** Start of every turn (row) element in the fixture's HTML. */
  rowStart: RegExp;
  /** Text in the user template to make each generated prompt distinct. */
  userText: string;
  composer: string;
};

export const SITES: Record<BenchSite, SiteSpec> = {
  chatgpt: {
    id: 'chatgpt',
    label: 'ChatGPT',
    origin: 'https://chatgpt.com',
    path: (id) => `/c/${id}`,
    rowStart: /<div data-turn-key=/g,
    userText: 'How do I write a retry decorator in Python?',
    composer: '#prompt-textarea',
  },
  claude: {
    id: 'claude',
    label: 'Claude',
    origin: 'https://claude.ai',
    path: (id) => `/chat/${id}`,
    rowStart: /<div data-test-render-count=/g,
    userText: 'Write a regex that matches ISO dates',
    composer: 'div[contenteditable="true"][role="textbox"]',
  },
};

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/sites');

export function streamingFixture(site: BenchSite): string {
  return readFileSync(resolve(FIXTURES, site, 'streaming.html'), 'utf8');
}

/**
 * The streaming fixture stretched to `turns` turns: finished user/assistant pairs cloned from the fixture's first
 * exchange (with distinct ids, ordinals and prompts), then the fixture's last prompt and its answer in progress.
 */
export function longChatPage(site: BenchSite, turns: number): string {
  const spec = SITES[site];
  const html = streamingFixture(site);
  const starts = [...html.matchAll(spec.rowStart)].map((m) => m.index);
  if (starts.length < 4) throw new Error(`${site} fixture: expected at least 4 turns, found ${starts.length}`);
  const prefix = html.slice(0, starts[0]);
  const userRow = html.slice(starts[0], starts[1]);
  const answerRow = html.slice(starts[1], starts[2]);
  let tail = html.slice(starts[starts.length - 2]);
  const generated: string[] = [];
  for (let k = 1; k <= turns - 2; k++) {
    const row = k % 2 === 1 ? userRow.replace(spec.userText, `(${k}) ${spec.userText}`) : answerRow;
    generated.push(renumber(site, row, k));
  }
  if (site === 'chatgpt') {
    const last = [...tail.matchAll(/conversation-turn-(\d+)/g)].map((m) => Number(m[1]));
    const [a, b] = [Math.min(...last), Math.max(...last)];
    tail = tail.replace(`conversation-turn-${a}"`, `conversation-turn-${turns - 1}"`);
    tail = tail.replace(`conversation-turn-${b}"`, `conversation-turn-${turns}"`);
  }
  return prefix + generated.join('') + tail;
}

function renumber(site: BenchSite, row: string, k: number): string {
  if (site !== 'chatgpt') return row;
  return row
    .replace(/data-turn-key="[^"]*"/g, `data-turn-key="t-bench-${k}"`)
    .replace(/conversation-turn-\d+/g, `conversation-turn-${k}`)
    .replace(/data-message-id="[^"]*"/g, `data-message-id="bench-${k}"`);
}

/** An ordinary page with no chat on it (the "0 bytes on other pages" check). */
export const PLAIN_PAGE = `<!doctype html><html><head><title>Example Domain</title></head><body>
<h1>Example Domain</h1><p>This domain is for use in illustrative examples in documents.</p>
<p><a href="https://www.iana.org/domains/example">More information...</a></p></body></html>`;

/**
 * The in-page helper (main world), as source text: a string keeps the bundler's helpers out of code that runs in
 * the page. window.__bench = { long, keys, stream(site, tokens, perSecond), complete(site), installKeys() }.
 */
export const PAGE_HELPER = String.raw`(() => {
  if (window.__bench) return;
  const long = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const WORDS = ('retry backoff jitter delay the a of to with exponential attempt random seconds client server ' +
    'lockstep decorator function wraps sleep raise error base times').split(' ');
  const template = (name) => document.querySelector('template[data-fixture="' + name + '"]').content.cloneNode(true);
  const keys = { latencies: [] };
  window.__bench = {
    long,
    keys,
    lastToken: '',
    stream(tokens, perSecond) {
      let el = document.querySelector('[data-fixture-stream]');
      const every = 1000 / perSecond;
      const start = performance.now();
      let i = 0;
      return new Promise((resolve) => {
        const tick = () => {
          // Catch up by wall time so a late timer does not stretch the stream.
          const due = Math.min(tokens, Math.floor((performance.now() - start) / every) + 1);
          for (; i < due; i++) {
            if (i > 0 && i % 40 === 0) {
              const p = document.createElement('p');
              p.className = el.className;
              el.after(p);
              el = p;
            }
            const word = WORDS[(i * 7) % WORDS.length] + i;
            el.append(' ' + word);
            window.__bench.lastToken = word;
          }
          if (i >= tokens) {
            clearInterval(timer);
            resolve({ start, end: performance.now(), tokens: i });
          }
        };
        const timer = setInterval(tick, every);
      });
    },
    complete(site) {
      if (site === 'chatgpt') {
        const md = document.querySelector('.markdown.result-streaming');
        md.classList.remove('result-streaming');
        document.querySelector('[data-testid="stop-button"]').replaceWith(template('send-button'));
        md.closest('[class~="group/turn-messages"]').append(template('finish-actions'));
      } else {
        const wrapper = document.querySelector('[data-is-streaming="true"]');
        wrapper.setAttribute('data-is-streaming', 'false');
        document.querySelector('button[aria-label="Stop response"]').replaceWith(template('send-button'));
        wrapper.append(template('finish-actions'));
      }
      return Date.now();
    },
    installKeys() {
      // Per key: from keydown's timeStamp (when the browser created the input event, so queueing in a busy
      // renderer counts) to the end of the input event's dispatch — default action, every listener, and the
      // microtasks they queued (mutation observers included). keydown and input of one key press are dispatched
      // in the same task, so the pairing is exact.
      let down = null;
      addEventListener('keydown', (e) => { down = e.timeStamp; }, true);
      addEventListener('input', () => {
        const t0 = down;
        down = null;
        if (t0 !== null) queueMicrotask(() => keys.latencies.push(performance.now() - t0));
      });
    },
  };
})();`;

/** Serves `pages` (keyed by origin + path) for the chat origins and example.com through Playwright routing. */
export async function servePages(
  context: import('playwright-core').BrowserContext,
  pages: Map<string, string>,
): Promise<void> {
  const origins = [...Object.values(SITES).map((s) => s.origin), 'https://example.com'];
  for (const origin of origins) {
    await context.route(`${origin}/**`, async (route) => {
      const url = new URL(route.request().url());
      const body = pages.get(`${url.origin}${url.pathname}`);
      if (body === undefined) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    });
  }
}
