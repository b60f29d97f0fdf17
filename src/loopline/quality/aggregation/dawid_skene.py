"""Dawid-Skene: EM over each annotator's confusion matrix and the tasks' true labels.

Each worker j has a confusion matrix pi_j[k, l] = P(worker says l | truth k); classes have
priors rho_k. With T_ik = P(z_i = k | labels),

    E-step:  T_ik  ∝  rho_k * prod_{j labelled i} pi_j[k, y_ij] ^ w_j
    M-step:  rho_k = mean_i T_ik,    pi_j[k, l] ∝ sum_{i: y_ij = l} w_j T_ik  (+ smoothing)

Dawid & Skene (1979), "Maximum likelihood estimation of observer error-rates using the EM
algorithm", Applied Statistics 28(1). Trust weights w_j temper a worker's likelihood.

Vectorized: one sparse (worker*label) x task matrix C of weights holds the data, so the E-step is
`C.T @ log(pi)` and the M-step `C @ T` (two sparse-dense products per iteration, no Python loop
over tasks or workers). This is the part crowd-kit runs through pandas `groupby`.

>>> import pandas as pd
>>> df = pd.DataFrame({"task": [1, 1, 1, 2, 2, 2], "worker": list("abcabc"), "label": list("xxyyyy")})
>>> DawidSkene(n_iter=10).fit_predict(df).tolist()
['x', 'y']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from loopline.quality.aggregation._base import LabelAggregator
from loopline.quality.aggregation._encode import LabelCodes, log_normalize, normalize_rows


def data_matrix(codes: LabelCodes) -> sparse.csr_matrix:
    """C[(worker, label), task] = the trust weight of that worker's label on that task."""
    rows = codes.worker * codes.n_labels + codes.label
    shape = (codes.n_workers * codes.n_labels, codes.n_tasks)
    return sparse.csr_matrix((codes.weight, (rows, codes.task)), shape=shape)


def _m_step(c: sparse.csr_matrix, posteriors: npt.NDArray[np.float64], n_workers: int, smoothing: float) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Priors rho_k and confusion matrices pi[worker, truth, said] from the posteriors."""
    n_labels = posteriors.shape[1]
    counts = np.asarray(c @ posteriors).reshape(n_workers, n_labels, n_labels)  # [worker, said, truth]
    errors = counts.transpose(0, 2, 1) + smoothing
    errors /= errors.sum(2, keepdims=True)
    priors = posteriors.mean(0) + 1e-12
    return priors / priors.sum(), errors


def _e_step(c_t: sparse.csr_matrix, priors: npt.NDArray[np.float64], errors: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
    """Posteriors T_ik and the log likelihood of the labels."""
    n_workers, n_labels, _ = errors.shape
    log_errors = np.log(errors).transpose(0, 2, 1).reshape(n_workers * n_labels, n_labels)  # [(worker, said), truth]
    return log_normalize(np.asarray(c_t @ log_errors) + np.log(priors))


@dataclass
class DawidSkene(LabelAggregator):
    """Dawid-Skene (crowd-kit shape); initialised from the weighted majority vote.

    n_iter: most EM iterations. tol: stop when the log likelihood gains less than this
    (relative). smoothing: pseudo-count added to every confusion cell (keeps log finite).
    """

    n_iter: int = 100
    tol: float = 1e-6
    smoothing: float = 0.01

    def _fit_codes(self, codes: LabelCodes) -> npt.NDArray[np.float64]:
        c = data_matrix(codes)
        c_t = c.T.tocsr()
        posteriors = normalize_rows(codes.vote_counts())
        self.loglik_: list[float] = []
        for _ in range(self.n_iter):
            priors, errors = _m_step(c, posteriors, codes.n_workers, self.smoothing)
            posteriors, loglik = _e_step(c_t, priors, errors)
            if self.loglik_ and abs(loglik - self.loglik_[-1]) <= self.tol * abs(loglik):
                self.loglik_.append(loglik)
                break
            self.loglik_.append(loglik)
        self.priors_ = pd.Series(priors, index=codes.labels, name="prior")
        self.errors_ = errors
        diagonal = np.einsum("wkk->wk", errors) @ priors
        self.skills_ = pd.Series(diagonal, index=codes.workers, name="skill")
        return posteriors
