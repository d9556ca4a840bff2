/** Counters of one server process, rendered in the Prometheus text exposition format (0.0.4). */
export interface StorageGauges {
  entries: number;
  bytes: number;
}

const COUNTERS = {
  hits: 'GET requests answered with a stored entry',
  misses: 'GET requests answered 404 (not stored, or storage error)',
  bytes_in: 'Body bytes of accepted uploads',
  bytes_out: 'Body bytes sent for hits',
  writes: 'Entries stored (PUT answered 200)',
  rejected_writes: 'PUT requests refused (401, 403 read-only, 409, 411, 413, 400)',
  failed_writes: 'PUT requests not stored because the storage failed (full disk, S3 error), answered 403',
  evictions: 'Entries removed to stay under the size cap',
  errors: 'Storage or stream errors (a GET error is answered 404)',
  aborted_uploads: 'Uploads whose body did not arrive in full (nothing stored)',
  unauthorized: 'Requests with a missing or unknown token (401)',
} as const;

export type CounterName = keyof typeof COUNTERS;

export class Metrics {
  private readonly values = new Map<CounterName, number>();

  inc(name: CounterName, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }

  get(name: CounterName): number {
    return this.values.get(name) ?? 0;
  }

  /** Prometheus text; `gauges` come from the storage (undefined when it cannot count cheaply). */
  render(gauges: StorageGauges | undefined, inFlight: number): string {
    const lines: string[] = [];
    for (const [name, help] of Object.entries(COUNTERS) as [CounterName, string][]) {
      const metric = `nx_cache_${name}_total`;
      lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} counter`, `${metric} ${this.get(name)}`);
    }
    const gauge = (name: string, help: string, value: number) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    if (gauges) {
      gauge('nx_cache_entries', 'Entries in the store', gauges.entries);
      gauge('nx_cache_stored_bytes', 'Bytes in the store', gauges.bytes);
    }
    gauge('nx_cache_in_flight_requests', 'Requests being served', inFlight);
    return lines.join('\n') + '\n';
  }
}
