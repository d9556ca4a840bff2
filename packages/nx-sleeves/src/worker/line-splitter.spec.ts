import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogTail } from '../engine/log-tail';
import { LineSplitter } from './line-splitter';

test('emits only complete lines; a UTF-8 character split across chunks survives', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  const euro = Buffer.from('€');
  s.push(Buffer.concat([Buffer.from('half'), euro.subarray(0, 1)]));
  expect(lines).toEqual([]);
  s.push(Buffer.concat([euro.subarray(1), Buffer.from('\r\nnext\nrest')]));
  expect(lines).toEqual(['half€', 'next']);
  s.end();
  expect(lines).toEqual(['half€', 'next', 'rest']);
});

test('LogTail follows a growing file and drains the last partial line on close', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-tail-'));
  const file = path.join(dir, 'sleeve.log');
  const lines: string[] = [];
  const tail = new LogTail(file, (l) => lines.push(l));
  tail.poll(); // not there yet: fine
  fs.writeFileSync(file, 'one\ntw');
  tail.poll();
  expect(lines).toEqual(['one']);
  fs.appendFileSync(file, 'o\nthree');
  tail.poll();
  expect(lines).toEqual(['one', 'two']);
  tail.close();
  expect(lines).toEqual(['one', 'two', 'three']);
  fs.rmSync(dir, { recursive: true, force: true });
});
