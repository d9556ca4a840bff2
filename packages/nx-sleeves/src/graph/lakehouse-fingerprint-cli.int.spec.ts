/**
 * The default lakehouse fingerprint command, run compiled as Nx runs it (`node node_modules/nx-sleeves/dist/graph/
 * lakehouse-fingerprint-cli.js <dir>` in the workspace root), in npm and pnpm node_modules layouts built on disk.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LAKEHOUSE_FINGERPRINT_COMMAND } from './lakehouse-fingerprint-cli';

const PLUGIN_ROOT = join(__dirname, '..', '..');
const REPO_PIPELINE = join(PLUGIN_ROOT, '..', '..', 'libs', 'pipeline');
const FAKE_CLI = "process.stdout.write('fake TAG ' + process.argv.slice(2).join(' ') + '\\n');\n";

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A private copy of the compiled CLI (and the one module it needs) as an installed `nx-sleeves` package. */
function installPlugin(dir: string): void {
  for (const f of ['lakehouse-fingerprint-cli.js', 'pipeline-package.js']) {
    mkdirSync(join(dir, 'dist', 'graph'), { recursive: true });
    copyFileSync(join(PLUGIN_ROOT, 'dist', 'graph', f), join(dir, 'dist', 'graph', f));
  }
  copyFileSync(join(PLUGIN_ROOT, 'package.json'), join(dir, 'package.json'));
}

function fakePipeline(dir: string, tag: string): void {
  write(join(dir, 'package.json'), JSON.stringify({ name: '@nx-sleeves/pipeline', version: '0.0.0' }));
  write(join(dir, 'dist', 'lakehouse', 'fingerprint-cli.js'), FAKE_CLI.replace('TAG', tag));
}

function run(root: string) {
  const [node, script, ...args] = LAKEHOUSE_FINGERPRINT_COMMAND.replace('{lakehouse}', 'data/lakehouse').split(' ');
  expect(node).toBe('node');
  return spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
}

describe('lakehouse fingerprint command', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-sleeves-fp-'));
    write(join(root, 'data', 'lakehouse', 'NYSE_AAA_1d.parquet'), 'bytes');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('npm layout: runs the real pipeline fingerprint of the workspace and prints what the pipeline CLI prints', () => {
    installPlugin(join(root, 'node_modules', 'nx-sleeves'));
    mkdirSync(join(root, 'node_modules', '@nx-sleeves'), { recursive: true });
    symlinkSync(REPO_PIPELINE, join(root, 'node_modules', '@nx-sleeves', 'pipeline'));
    const direct = spawnSync(process.execPath, [join(REPO_PIPELINE, 'dist', 'lakehouse', 'fingerprint-cli.js'), 'data/lakehouse', '--no-cache'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(direct.status).toBe(0);
    const r = run(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(r.stdout).toBe(direct.stdout);
  });

  it('prefers the pipeline installed in the workspace over one the plugin could reach', () => {
    installPlugin(join(root, 'plugin-store', 'nx-sleeves'));
    fakePipeline(join(root, 'plugin-store', '@nx-sleeves', 'pipeline'), 'plugin-side');
    fakePipeline(join(root, 'node_modules', '@nx-sleeves', 'pipeline'), 'workspace');
    symlinkSync(join(root, 'plugin-store', 'nx-sleeves'), join(root, 'node_modules', 'nx-sleeves'));
    expect(run(root).stdout).toBe('fake workspace data/lakehouse\n');
  });

  it('pnpm layout: finds the pipeline beside the plugin in node_modules/.pnpm when the root has no link to it', () => {
    const store = join(root, 'node_modules', '.pnpm', 'nx-sleeves@0.1.0', 'node_modules');
    installPlugin(join(store, 'nx-sleeves'));
    fakePipeline(join(store, '@nx-sleeves', 'pipeline'), 'pnpm-peer');
    symlinkSync(join(store, 'nx-sleeves'), join(root, 'node_modules', 'nx-sleeves'));
    const r = run(root);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('fake pnpm-peer data/lakehouse\n');
  });

  it('without a pipeline package: exits 1 naming the package and the install command', () => {
    installPlugin(join(root, 'node_modules', 'nx-sleeves'));
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^nx-sleeves: cannot compute the lakehouse fingerprint: package "@nx-sleeves\/pipeline" is not installed in .*; install it with: npm install -D @nx-sleeves\/pipeline@\d+\.\d+\.\d+\n$/,
    );
    write(join(root, 'pnpm-lock.yaml'), 'lockfileVersion: 9.0\n');
    expect(run(root).stderr).toContain('install it with: pnpm add -D @nx-sleeves/pipeline@');
  });
});
