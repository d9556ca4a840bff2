"""Reference HRP weights from López de Prado's published code (2016, "Building Diversified Portfolios
that Outperform Out-of-Sample", Python listing), ported to Python 3 with numpy instead of pandas.
The functions keep the paper's names and logic line for line; only pandas indexing became numpy.

Regenerate with:  python3 hrp_reference.py > hrp-reference.json   (numpy + scipy; not needed by the tests)
"""
import json
import random

import numpy as np
import scipy.cluster.hierarchy as sch


def getIVP(cov):
    ivp = 1.0 / np.diag(cov)
    return ivp / ivp.sum()


def getClusterVar(cov, cItems):
    cov_ = cov[np.ix_(cItems, cItems)]
    w_ = getIVP(cov_).reshape(-1, 1)
    return float((w_.T @ cov_ @ w_)[0, 0])


def getQuasiDiag(link):
    # the paper's loop, with plain lists instead of a pandas Series
    link = link.astype(int)
    sortIx = [link[-1, 0], link[-1, 1]]
    numItems = link[-1, 3]
    while max(sortIx) >= numItems:
        out = []
        for i in sortIx:
            if i >= numItems:
                j = i - numItems
                out += [link[j, 0], link[j, 1]]
            else:
                out.append(i)
        sortIx = out
    return [int(i) for i in sortIx]


def getRecBipart(cov, sortIx):
    w = {i: 1.0 for i in sortIx}
    cItems = [sortIx]
    while len(cItems) > 0:
        cItems = [i[j:k] for i in cItems for j, k in ((0, len(i) // 2), (len(i) // 2, len(i))) if len(i) > 1]
        for i in range(0, len(cItems), 2):
            cItems0 = cItems[i]
            cItems1 = cItems[i + 1]
            cVar0 = getClusterVar(cov, cItems0)
            cVar1 = getClusterVar(cov, cItems1)
            alpha = 1 - cVar0 / (cVar0 + cVar1)
            for a in cItems0:
                w[a] *= alpha
            for a in cItems1:
                w[a] *= 1 - alpha
    return [w[i] for i in range(cov.shape[0])]


def correlDist(corr):
    return ((1 - corr) / 2.0) ** 0.5


def hrp(cov):
    sd = np.sqrt(np.diag(cov))
    corr = np.clip(cov / np.outer(sd, sd), -1, 1)
    np.fill_diagonal(corr, 1.0)  # as pandas' .corr(); rounding can otherwise give 1 + 2e-16 → NaN distance
    dist = correlDist(corr)
    link = sch.linkage(dist, 'single')  # square matrix: rows are observations → Euclidean d̃
    sortIx = getQuasiDiag(link)
    return sortIx, getRecBipart(cov, sortIx)


def generateData(nObs, size0, size1, sigma1):
    # the paper's generator and seed. Python 2's random.randint(a, b) was a + int(random() * (b − a + 1));
    # Python 3's draws differently, so we spell out the Python 2 formula to get the paper's columns
    # ([2, 0, 4, 1, 1]: assets 6–10 are noisy copies of assets 3, 1, 5, 2, 2, counting from 1).
    np.random.seed(seed=12345)
    random.seed(12345)
    x = np.random.normal(0, 1, size=(nObs, size0))
    cols = [int(random.random() * size0) for _ in range(size1)]
    y = x[:, cols] + np.random.normal(0, sigma1, size=(nObs, len(cols)))
    return np.append(x, y, axis=1), cols


def case(name, x):
    cov = np.cov(x, rowvar=False)
    order, w = hrp(cov)
    return {'name': name, 'cov': cov.tolist(), 'order': order, 'weights': w}


def main():
    cases = []
    x, cols = generateData(10000, 5, 5, 0.25)
    cases.append(case('paper example: 10 assets, assets 6-10 are noisy copies of (0-based) %s' % cols, x))
    rng = np.random.default_rng(2016)
    for n, t in ((4, 60), (7, 120), (25, 252)):
        f = rng.normal(0, 0.01, size=(t, 3))
        load = rng.uniform(0, 1.5, size=(3, n))
        x = f @ load + rng.normal(0, 0.01, size=(t, n)) * rng.uniform(0.3, 2, size=n)
        cases.append(case('random factor model: %d assets, %d days' % (n, t), x))
    print(json.dumps({'generator': 'hrp_reference.py (López de Prado 2016 code, scipy %s)' % __import__('scipy').__version__, 'cases': cases}))


if __name__ == '__main__':
    main()
