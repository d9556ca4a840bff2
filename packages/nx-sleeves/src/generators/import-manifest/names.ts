import { MARKETS, META_ENGINES, RISK_ENGINES, type Market, type MetaEngine, type RiskEngine } from '@nx-sleeves/contracts';

/**
 * Risk-engine names a Python platform uses → the engines that exist here. Names with no counterpart
 * (barbell, black_litterman, ...) map to nothing and are reported.
 */
const ENGINE_ALIASES: Record<string, RiskEngine> = {
  max_sharpe: 'max_sharpe',
  maximum_sharpe: 'max_sharpe',
  maxsharpe: 'max_sharpe',
  max_sharpe_ratio: 'max_sharpe',
  msr: 'max_sharpe',
  tangency: 'max_sharpe',
  hrp: 'hrp',
  hierarchical_risk_parity: 'hrp',
  min_variance: 'min_variance',
  min_var: 'min_variance',
  minvar: 'min_variance',
  minimum_variance: 'min_variance',
  gmv: 'min_variance',
  risk_parity: 'risk_parity',
  erc: 'risk_parity',
  equal_risk_contribution: 'risk_parity',
  inverse_vol: 'inverse_vol',
  inverse_volatility: 'inverse_vol',
  inv_vol: 'inverse_vol',
  ivp: 'inverse_vol',
  equal_weight: 'equal_weight',
  equal: 'equal_weight',
  ew: 'equal_weight',
  '1/n': 'equal_weight',
};

const MARKET_ALIASES: Record<string, Market> = {
  us_equity: 'us_equity',
  us_equities: 'us_equity',
  america: 'us_equity',
  us: 'us_equity',
  us_stocks: 'us_equity',
  stocks: 'us_equity',
  equities: 'us_equity',
  crypto: 'crypto',
  cryptocurrency: 'crypto',
  crypto_spot: 'crypto',
  etf: 'etf',
  etfs: 'etf',
};

const key = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function mapRiskEngine(name: string): RiskEngine | undefined {
  return ENGINE_ALIASES[key(name)];
}

export function mapMetaEngine(name: string): MetaEngine | undefined {
  const engine = mapRiskEngine(name);
  return (META_ENGINES as readonly string[]).includes(engine ?? '') ? (engine as MetaEngine) : undefined;
}

export function mapMarket(name: string): Market | undefined {
  return MARKET_ALIASES[key(name)];
}

export const KNOWN = { engines: RISK_ENGINES, metaEngines: META_ENGINES, markets: MARKETS };
