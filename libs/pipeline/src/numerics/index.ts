/**
 * Numerics for sleeves: pure functions on plain arrays (rows = days, columns = assets).
 * Definitions are exact and documented in docs/numerics.md so results can be checked against a reference.
 */
export { TRADING_DAYS, CALENDAR_DAYS, simpleReturns, equityCurve, drawdownCurve, maxDrawdown, cagr, turnover } from './returns';
export { mean, std, annualVol, sharpe, sortino, downsideDeviation, calmar } from './stats';
export { covariance, correlation, covarianceToCorrelation } from './covariance';
export { equalWeight } from './weights/equal-weight';
export { inverseVol, inverseVariance } from './weights/inverse-vol';
export { projectToBounds } from './weights/bounds';
export { riskContributions, portfolioVariance } from './weights/risk-contributions';
export { NumericsInputError } from './validate';
export { minVariance, type MinVarianceOptions } from './weights/min-variance';
export { riskParity } from './weights/risk-parity';
export { hrp } from './weights/hrp';
export { maxSharpe, maxReturnPortfolio, type MaxSharpeOptions } from './weights/max-sharpe';
