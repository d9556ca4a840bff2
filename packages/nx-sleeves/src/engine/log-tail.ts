import * as fs from 'node:fs';
import { LineSplitter } from '../worker/line-splitter';

/**
 * One read buffer for every tail: polls are synchronous and the splitter decodes each chunk into a string at once,
 * so nothing refers to the bytes after a poll. (A buffer per sleeve would allocate 64 KB of memory outside the heap
 * per sleeve, left to the GC's external-memory heuristics.)
 */
const READ_BUFFER = Buffer.alloc(64 * 1024);

/**
 * Follows a sleeve's log file from the parent and hands out complete lines only, so sleeves running side
 * by side never interleave half-lines on the terminal. Polled by the engine's tick; `close()` drains the
 * rest, including a last line without a newline.
 */
export class LogTail {
  private fd: number | undefined;
  private offset = 0;
  private readonly splitter: LineSplitter;

  constructor(
    private readonly file: string,
    onLine: (line: string) => void,
  ) {
    this.splitter = new LineSplitter(onLine);
  }

  poll(): void {
    if (this.fd === undefined) {
      try {
        this.fd = fs.openSync(this.file, 'r');
      } catch {
        return; // not created yet
      }
    }
    for (;;) {
      const n = fs.readSync(this.fd, READ_BUFFER, 0, READ_BUFFER.length, this.offset);
      if (n <= 0) return;
      this.offset += n;
      this.splitter.push(READ_BUFFER.subarray(0, n));
    }
  }

  close(): void {
    try {
      this.poll();
    } catch {
      /* the file went away: nothing more to read */
    }
    this.splitter.end();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
