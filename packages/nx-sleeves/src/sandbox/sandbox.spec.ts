import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildLakehouseView, createSandboxDirs, diffLakehouse } from './sandbox';
import { sandboxPathFor } from './sandbox-path';

let root: string;
let shared: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nxs-sandbox-'));
  shared = path.join(root, 'shared');
  fs.mkdirSync(path.join(shared, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(shared, 'A_X_1d.parquet'), 'aaa');
  fs.writeFileSync(path.join(shared, 'sub', 'B_Y_1d.parquet'), 'bbb');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('sandbox paths are unique per sleeve and run', () => {
  const a = sandboxPathFor('/w/tmp/sleeves', 'p', 'r');
  expect(a).toMatch(/^\/w\/tmp\/sleeves\/p-r-[0-9a-f]{12}$/);
  expect(sandboxPathFor('/w/tmp/sleeves', 'p', 'r')).not.toBe(a);
});

test('creates private artifacts/logs folders and an empty log', () => {
  const l = createSandboxDirs(path.join(root, 'sb'));
  expect(fs.statSync(l.artifactsDir).isDirectory()).toBe(true);
  expect(fs.readFileSync(l.logFile, 'utf8')).toBe('');
  expect(fs.statSync(l.controlDir).isDirectory()).toBe(true);
});

test('the lakehouse view is real folders of per-file links; deleting it leaves the shared files', () => {
  const view = path.join(root, 'sb', 'data', 'lakehouse');
  const snap = buildLakehouseView(shared, view);
  expect(snap.map((s) => s[0]).sort()).toEqual(['A_X_1d.parquet', 'sub/B_Y_1d.parquet']);
  expect(fs.lstatSync(view).isSymbolicLink()).toBe(false);
  expect(fs.lstatSync(path.join(view, 'sub')).isDirectory()).toBe(true);
  expect(fs.lstatSync(path.join(view, 'sub', 'B_Y_1d.parquet')).isSymbolicLink()).toBe(true);
  expect(fs.readFileSync(path.join(view, 'A_X_1d.parquet'), 'utf8')).toBe('aaa');
  fs.rmSync(view, { recursive: true, force: true });
  fs.writeFileSync(path.join(root, 'sb', 'data', 'new-file'), 'x');
  expect(fs.readFileSync(path.join(shared, 'sub', 'B_Y_1d.parquet'), 'utf8')).toBe('bbb');
  expect(diffLakehouse(shared, snap)).toEqual([]);
});

test('the snapshot catches a shared file modified through its link, added or deleted', () => {
  const view = path.join(root, 'view');
  const snap = buildLakehouseView(shared, view);
  fs.appendFileSync(path.join(view, 'sub', 'B_Y_1d.parquet'), 'tampered');
  fs.writeFileSync(path.join(shared, 'C.parquet'), 'c');
  fs.rmSync(path.join(shared, 'A_X_1d.parquet'));
  expect(diffLakehouse(shared, snap)).toEqual(['added C.parquet', 'deleted A_X_1d.parquet', 'modified sub/B_Y_1d.parquet']);
});
