/** What one bench run measured, section by section (the input of the reports in bench/reports/). */
import type { Calibration } from './calibration';
import type { CaptureCpuSample } from './capture-cpu';
import type { LatencySample } from './capture-latency';
import type { CapacityResult } from './capacity';
import type { DrainResult } from './drain';
import type { Footprint, Injection } from './footprint';
import type { BenchSite } from './lib/fixtures';
import type { OverheadRun } from './page-overhead';
import type { PopupSample } from './popup';
import type { ReconcileResult, RecoveryResult } from './recovery';
import type { RedactionFigure } from './redaction';
import type { InsertResult, PanelResult } from './sidepanel';
import type { SuggestResult } from './suggestions';
import type { ColdStart } from './worker';

/** The chat sites the page figures are measured on. */
export const BENCH_SITES: BenchSite[] = ['chatgpt', 'claude'];

export type Results = {
  footprint?: Footprint;
  injection?: { ordinary: Injection; chat: Injection };
  calibration?: Calibration;
  overhead?: OverheadRun[];
  latency?: LatencySample[];
  popup?: PopupSample[];
  sidepanel?: PanelResult;
  insert?: InsertResult;
  suggestions?: SuggestResult;
  save?: number[];
  capacity?: CapacityResult;
  coldStart?: ColdStart;
  captureCpu?: CaptureCpuSample[];
  workerHeap?: { afterColdStart: number | null; afterDrain: number | null };
  drain?: DrainResult;
  recovery?: RecoveryResult;
  reconcile?: ReconcileResult;
  redaction?: RedactionFigure[];
  timings: Record<string, number>;
};
