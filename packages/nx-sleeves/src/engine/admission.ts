/**
 * Admission control (pure). Sleeves declare cpus and memoryMb; the engine's budget bounds the sums of
 * what runs at once, as Ray schedules tasks by declared resources.
 *
 * Policy: FIFO with backfill. The queue is scanned in order and every sleeve that fits in what is left
 * of the budget starts; a sleeve that does not fit is skipped, so a small sleeve behind a big one may
 * start first. This keeps cores busy; the big sleeve cannot starve because one run's queue is finite and
 * it is reconsidered first whenever anything finishes.
 */
export interface Resources {
  cpus: number;
  memoryMb: number;
}

export interface QueuedSleeve extends Resources {
  id: number;
}

/** Small tolerance so fractional cpus (0.1 + 0.2) do not fail to fit through float rounding. */
const EPS = 1e-9;

export function fitsBudget(request: Resources, budget: Resources): boolean {
  return request.cpus <= budget.cpus + EPS && request.memoryMb <= budget.memoryMb + EPS;
}

/** Returns the ids of queued sleeves that may start now, in queue order. Never exceeds the budget. */
export function planAdmission(budget: Resources, running: Resources[], queue: QueuedSleeve[]): number[] {
  let cpus = budget.cpus - running.reduce((s, r) => s + r.cpus, 0);
  let memoryMb = budget.memoryMb - running.reduce((s, r) => s + r.memoryMb, 0);
  const start: number[] = [];
  for (const q of queue) {
    if (fitsBudget(q, { cpus, memoryMb })) {
      start.push(q.id);
      cpus -= q.cpus;
      memoryMb -= q.memoryMb;
    }
  }
  return start;
}

/** The one-line error for a sleeve that could never run under this budget, or undefined. */
export function overBudgetError(name: string, request: Resources, budget: Resources): string | undefined {
  if (request.cpus > budget.cpus + EPS) {
    return `sleeve ${name} asks for ${request.cpus} cpus, more than the engine's whole budget of ${budget.cpus} cpus`;
  }
  if (request.memoryMb > budget.memoryMb + EPS) {
    return `sleeve ${name} asks for ${request.memoryMb} MB of memory, more than the engine's whole budget of ${budget.memoryMb} MB`;
  }
  return undefined;
}
