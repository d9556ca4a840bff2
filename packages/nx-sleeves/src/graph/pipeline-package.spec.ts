import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCommand, linkedInNodeModules, packageNameOf } from './pipeline-package';

describe('pipeline package helpers', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'nxs-pp-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const pkg = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"@nx-sleeves/pipeline","version":"0.1.0"}');
  };

  it('linkedInNodeModules: a package in node_modules/ at or above the root, not one only pnpm hoisted into .pnpm', () => {
    const ws = join(root, 'ws');
    pkg(join(ws, 'node_modules', '.pnpm', 'node_modules', '@nx-sleeves', 'pipeline'));
    expect(linkedInNodeModules(ws, '@nx-sleeves/pipeline')).toBe(false);
    pkg(join(root, 'node_modules', '@nx-sleeves', 'pipeline')); // a parent folder's node_modules counts, as for Node
    expect(linkedInNodeModules(ws, '@nx-sleeves/pipeline')).toBe(true);
  });

  it('installCommand follows the lockfile in the workspace root', () => {
    expect(installCommand('p@1.0.0', root)).toBe('npm install -D p@1.0.0');
    writeFileSync(join(root, 'yarn.lock'), '');
    expect(installCommand('p@1.0.0', root)).toBe('yarn add -D p@1.0.0');
    writeFileSync(join(root, 'pnpm-lock.yaml'), '');
    expect(installCommand('p@1.0.0', root)).toBe('pnpm add -D p@1.0.0');
  });

  it('packageNameOf names a package only when the request surely is one', () => {
    expect(packageNameOf('@nx-sleeves/pipeline')).toBe('@nx-sleeves/pipeline');
    expect(packageNameOf('@nx-sleeves/pipeline/dist/meta/index.js')).toBe('@nx-sleeves/pipeline');
    expect(packageNameOf('my-pipeline')).toBe('my-pipeline');
    expect(packageNameOf('scripts/pipeline.js')).toBeUndefined();
    expect(packageNameOf('pipeline.js')).toBeUndefined();
    expect(packageNameOf('./x')).toBeUndefined();
  });
});
