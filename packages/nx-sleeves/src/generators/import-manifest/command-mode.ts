import type { Json } from './checks';
import type { ImportedProject } from './map-manifest';

/** Options of a command-mode import: the team's own pipeline runs each sleeve and meta-portfolio. */
export interface CommandModeOptions {
  command: string[];
  metaCommand?: string[];
  pipelineInputs?: string[];
  envAllow?: string[];
}

/**
 * `uv run python -m x --profile {profile}` → argv. Whitespace separates arguments; single or double quotes keep
 * spaces inside one. Returns undefined for an empty command or an unclosed quote.
 */
export function splitCommand(text: string): string[] | undefined {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) return undefined;
  if (started) out.push(current);
  return out.length ? out : undefined;
}

/**
 * A project of a command-mode import: the profile runs the team's pipeline (`command`, with `{profile}` filled in
 * with the manifest's profile name, which the team's pipeline knows, and the executor's other placeholders kept), and
 * its code and variables are declared for the cache key. A meta keeps its sleeves (dependencies, `{metaInputs}`).
 */
export function toCommandProject(p: ImportedProject, o: CommandModeOptions, source: string): ImportedProject {
  const argv = (p.kind === 'meta' ? o.metaCommand! : o.command).map((a) => a.split('{profile}').join(p.profile));
  const content: Json = { name: p.name };
  if (typeof p.content.description === 'string') content.description = p.content.description;
  content.notes = `Imported from ${source}, profile ${p.profile}${p.aliases.length ? ` (aliases: ${p.aliases.join(', ')})` : ''}; runs the team's pipeline.`;
  if (p.kind === 'meta') content.sleeves = p.content.sleeves;
  content.command = argv;
  if (o.pipelineInputs?.length) content.pipelineInputs = o.pipelineInputs;
  if (o.envAllow?.length) content.envAllow = o.envAllow;
  return { ...p, content };
}
