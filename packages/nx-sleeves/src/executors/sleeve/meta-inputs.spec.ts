import type { ProjectConfiguration } from '@nx/devkit';
import type { MetaPortfolioInfo } from '../../graph/profile';
import { buildSleeveInputs } from './meta-inputs';

const sleeve = (root: string, profile: string, extra: Record<string, unknown> = {}): ProjectConfiguration => ({
  root,
  targets: { sleeve: { executor: 'nx-sleeves:sleeve', options: { profile, ...extra } } },
});
const meta = (sleeves: MetaPortfolioInfo['sleeves']): MetaPortfolioInfo => ({ kind: 'meta', name: 'm', resources: {}, sleeves });

describe('buildSleeveInputs', () => {
  const projects: Record<string, ProjectConfiguration> = {
    'us-tech': sleeve('apps/us-tech', 'us-tech-momentum'),
    crypto: sleeve('apps/crypto', 'crypto', { outputsRoot: 'out' }),
    pinned: sleeve('apps/pinned', 'pinned'),
    'meta-crypto': sleeve('apps/meta-crypto', 'meta-crypto'),
    top: sleeve('apps/top', 'top'),
    lib: { root: 'libs/lib', targets: { build: { executor: 'nx:run-commands' } } },
  };
  const metas: Record<string, MetaPortfolioInfo> = {
    'meta-crypto': meta([{ id: 'c', project: 'crypto' }]),
    top: meta([
      { id: 'tech', project: 'us-tech' },
      { id: 'p', project: 'pinned', runId: 'golden' },
      { id: 'crypto', project: 'meta-crypto' },
    ]),
  };
  const readMeta = (p: string) => metas[p];

  it('resolves each entry to its profile, run id and output folder, nested metas included', () => {
    expect(buildSleeveInputs('top', 'B', { projects, readMeta })).toEqual([
      { id: 'tech', project: 'us-tech', profile: 'us-tech-momentum', runId: 'B', outputPath: 'dist/sleeves/us-tech-momentum/B' },
      { id: 'p', project: 'pinned', profile: 'pinned', runId: 'golden', outputPath: 'dist/sleeves/pinned/golden' },
      { id: 'crypto', project: 'meta-crypto', profile: 'meta-crypto', runId: 'B', outputPath: 'dist/sleeves/meta-crypto/B' },
    ]);
    expect(buildSleeveInputs('meta-crypto', 'dev', { projects, readMeta })[0].outputPath).toBe('out/crypto/dev');
  });

  it('reports a cycle among meta-portfolios', () => {
    const cyclic: Record<string, MetaPortfolioInfo> = { ...metas, 'meta-crypto': meta([{ id: 'back', project: 'top' }]) };
    expect(() => buildSleeveInputs('top', 'dev', { projects, readMeta: (p) => cyclic[p] })).toThrow(
      'apps/meta-crypto/meta-portfolio.json: sleeves[0].project: meta-portfolio cycle top -> meta-crypto -> top',
    );
  });

  it('names unknown projects and projects without a sleeve target', () => {
    const bad: Record<string, MetaPortfolioInfo> = { top: meta([{ id: 'x', project: 'nope' }]) };
    expect(() => buildSleeveInputs('top', 'dev', { projects, readMeta: (p) => bad[p] })).toThrow(
      'apps/top/meta-portfolio.json: sleeves[0].project: unknown project "nope"',
    );
    const lib: Record<string, MetaPortfolioInfo> = { top: meta([{ id: 'x', project: 'lib' }]) };
    expect(() => buildSleeveInputs('top', 'dev', { projects, readMeta: (p) => lib[p] })).toThrow('project "lib" has no nx-sleeves:sleeve target');
  });
});
