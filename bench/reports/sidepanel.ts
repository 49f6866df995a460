/** Side panel: open → interactive and search reply → rendered; insertion into the ChatGPT composer (bench/sidepanel.ts). */
import type { Report } from '../lib/report';
import { max, median, ms, percentile } from '../lib/stats';
import { INSERTIONS, PANEL_MEMORIES, PANEL_OPENS, PANEL_SEARCHES } from '../sidepanel';
import type { Results } from '../results';

const measured = (values: ReadonlyArray<number | null>) => values.filter((v): v is number => v !== null);

export function reportSidepanel(report: Report, r: Results): void {
  if (r.sidepanel) {
    const S = `Side panel (400×800 page, ?tab=<ChatGPT tab>, ${PANEL_MEMORIES} memories of that chat on the local server)`;
    const interactive = measured(r.sidepanel.interactive);
    const floor = r.calibration?.floorPopup.map((p) => p.interactive).filter((x): x is number => x !== null) ?? [];
    report.budget({
      id: 'sidepanelInteractive',
      section: S,
      metric: `Open → interactive (search enabled + first result listed), median of ${PANEL_OPENS}`,
      value: interactive.length >= PANEL_OPENS / 2 ? median(interactive) : null,
      why: `only ${interactive.length} of ${PANEL_OPENS} opens became interactive within 5 s`,
      format: (v) => ms(v),
      note: `p95 ${ms(percentile(interactive, 95))}, max ${ms(max(interactive))}${
        floor.length
          ? `; floor on this machine (a trivial extension page: one message, three elements): ${ms(median(floor))}`
          : ''
      }`,
    });
    report.info(
      S,
      'Open → first render (no result yet) / → first search reply, median',
      `${ms(median(measured(r.sidepanel.rendered)))} / ${ms(median(measured(r.sidepanel.firstReply)))}`,
    );
    const render = measured(r.sidepanel.searchRender);
    const counts = [...new Set(r.sidepanel.searchCounts)].sort((a, b) => a - b).join(' / ');
    report.budget({
      id: 'sidepanelSearchRender',
      section: S,
      metric: `Search reply → results rendered, p95 of ${PANEL_SEARCHES}`,
      value: render.length === PANEL_SEARCHES ? percentile(render, 95) : null,
      why: `only ${render.length} of ${PANEL_SEARCHES} searches left both marks within 5 s`,
      format: (v) => ms(v),
      note: `median ${ms(median(render))}, max ${ms(max(render))}; results listed per search: ${counts}`,
    });
    report.note(
      'Side panel: "interactive" is recorded by a MutationObserver installed before the panel\'s scripts (Playwright init script), from the document\'s navigation start: the first moment the search field exists and is enabled and the list holds a result. Search: the panel (test build only) marks when a ui:memories-search reply is applied and when the next render commits; each search types a new query, alternating one that matches 10 memories and the empty one (all 50).',
    );
  }
  if (r.insert) {
    const S = `Insert into chat (ChatGPT fixture, real ProseMirror composer, ${INSERTIONS} insertions, page reloaded before each)`;
    const values = measured(r.insert.ms);
    report.budget({
      id: 'insertIntoChat',
      section: S,
      metric: 'ui:insert-into-chat sent from the panel → reply, p95',
      value: values.length === INSERTIONS ? percentile(values, 95) : null,
      why: `${INSERTIONS - values.length} of ${INSERTIONS} insertions failed: ${[...new Set(r.insert.failures)].join('; ')}`,
      format: (v) => ms(v),
      note: `median ${ms(median(values))}, max ${ms(max(values))}`,
    });
    report.note(
      "Insertion: timed in the panel page around chrome.runtime.sendMessage, so it includes the message to the worker, the on-demand injection into the freshly loaded chat page and the insertion; a sample counts only when the editor's own model then holds the block and the draft.",
    );
  }
}
