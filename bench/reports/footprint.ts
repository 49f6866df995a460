/** Footprint: bytes of each built context against its budget, and the injection probe (bench/footprint.ts). */
import type { Report } from '../lib/report';
import { formatKB } from '../lib/stats';
import type { Results } from '../results';

export function reportFootprint(report: Report, r: Results): void {
  if (r.footprint) {
    const f = r.footprint;
    const S = 'Footprint (built dist/, minified bytes; gzip -9)';
    const bySite = new Map<string, (typeof f.perSite)[number][]>();
    for (const row of f.perSite) bySite.set(row.site, [...(bySite.get(row.site) ?? []), row]);
    for (const [site, rows] of bySite) {
      const row = rows[0]!;
      const hosts = rows.map((x) => x.host).join(', ');
      report.budget({
        id: 'contentScriptBytes',
        section: S,
        metric: `Content script on ${site} (${hosts})`,
        value: row.bytes,
        format: formatKB,
        note: row.files.join(', '),
      });
      report.budget({
        id: 'contentScriptGzip',
        section: S,
        metric: `Content script on ${site}, gzip`,
        value: row.gzip,
        format: formatKB,
      });
    }
    const calibrated = r.calibration?.isolatedWorldSeen === true && (r.injection?.chat.extensionWorlds ?? 0) > 0;
    if (r.injection) {
      const { ordinary, chat } = r.injection;
      report.info(
        S,
        'Probe check: our isolated world on a ChatGPT fixture page',
        `${chat.extensionWorlds} world, ${formatKB(chat.extensionScriptBytes)} parsed`,
        chat.extensionScriptBytes,
        chat.scripts.join(', '),
      );
      report.budget({
        id: 'ordinaryPageBytes',
        section: S,
        metric: 'Injected on an ordinary page (https://example.com/)',
        value: calibrated ? ordinary.extensionScriptBytes : null,
        why: 'the probe did not detect our script on the chat page either',
        format: (v) => `${v} B`,
        note: `isolated worlds of ours: ${ordinary.extensionWorlds}; manifest broad match patterns: ${f.broadMatches.length ? f.broadMatches.join(', ') : 'none'}`,
      });
    }
    const zod = f.contentScripts.filter((c) => c.forbidden.includes('zod'));
    const polyfill = f.contentScripts.filter((c) => c.forbidden.includes('webextension-polyfill'));
    report.budget({
      id: 'contentScriptZod',
      section: S,
      metric: 'Content scripts containing zod',
      value: zod.length,
      format: (v) => (v ? `${v}: ${zod.map((z) => z.path).join(', ')}` : 'none'),
    });
    report.budget({
      id: 'contentScriptPolyfill',
      section: S,
      metric: 'Content scripts containing webextension-polyfill',
      value: polyfill.length,
      format: (v) => (v ? `${v}: ${polyfill.map((z) => z.path).join(', ')}` : 'none'),
    });
    const imports = f.contentScripts.flatMap((c) => c.imports);
    if (imports.length) report.info(S, 'Content script imports (should be none)', imports.join(', '));
    report.budget({
      id: 'workerBytes',
      section: S,
      metric: 'Service worker (entry + static imports)',
      value: f.worker.bytes,
      format: formatKB,
      note: `gzip ${formatKB(f.worker.gzip)}; ${f.worker.files.map((x) => `${x.path} ${formatKB(x.bytes)}`).join(', ')}${f.worker.dynamicImports.length ? `; dynamic: ${f.worker.dynamicImports.join(', ')}` : ''}`,
    });
    report.budget({
      id: 'popupJsGzip',
      section: S,
      metric: 'Popup JS, gzip (HTML scripts + static imports)',
      value: f.popupJs.gzip,
      format: formatKB,
      note: `minified ${formatKB(f.popupJs.bytes)}; ${f.popupJs.files.map((x) => `${x.path} ${formatKB(x.gzip)}`).join(', ')}`,
    });
    report.info(S, 'Popup CSS', `${formatKB(f.popupCss.bytes)} (gzip ${formatKB(f.popupCss.gzip)})`, f.popupCss.gzip);
    if (f.optionsJs)
      report.info(
        S,
        'Options page JS',
        `${formatKB(f.optionsJs.bytes)} (gzip ${formatKB(f.optionsJs.gzip)})`,
        f.optionsJs.gzip,
      );
    report.note(
      'Footprint: sizes of the files in dist/ as built (1 KB = 1,024 bytes); the worker and popup include every chunk reachable through static `import`/`export … from` in the built files. zod/polyfill are looked for by signatures that survive minification (`._zod`, `$Zod…`, `ZodError`; `webextension-polyfill`, its "only be loaded in a browser extension" error, `maxArgs`).',
    );
    report.note(
      'Injection probe: open the page, wait past document_idle, enable CDP Runtime + Debugger and count execution contexts with auxData.type "isolated" and origin chrome-extension://<our id>, and bytes of scripts parsed from our origin. The same probe on a chat fixture page must find ours, else the figure is n/a.',
    );
  }
}
