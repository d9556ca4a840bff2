import type { ImportedProject } from '../map-manifest';

/** The fields the specs read from a mapped sleeve.json / meta-portfolio.json (the mapper types content as plain JSON). */
export interface MappedContent {
  universe: { market: string | string[]; symbols?: string[]; exchanges?: string[]; assetClasses?: string[] };
  selection: { mode: string; direction?: string };
  risk: { engine: string };
  backtest: { benchmark?: string; costBps?: number };
  sleeves: { id: string; project: string; runId?: string }[];
}

export const contentOf = (p: ImportedProject): MappedContent => p.content as unknown as MappedContent;
