import { StringDecoder } from 'node:string_decoder';

/** Splits a byte stream into complete lines; keeps the unfinished tail until more arrives or `end()`. */
export class LineSplitter {
  private partial = '';
  // A multi-byte UTF-8 character may straddle two chunks: the decoder holds its first bytes back.
  private readonly decoder = new StringDecoder('utf8');
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    if (rest) this.onLine(rest);
    this.partial = '';
  }
}
