"""Input helpers shared by the statistics: numbers, lists, Series or nullable arrays turned
into float or object arrays (missing -> NaN), label arrays checked against their allowed
values, scalar-in/scalar-out handling, and the normal critical value for a confidence level.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from dashboard.methods.stats.vocabulary import POLARITIES


def _as_float(x: Any) -> np.ndarray:
    """Convert numbers, lists, Series or nullable arrays to a float array, missing -> NaN."""
    if isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        return np.asarray(x.to_numpy(dtype=float, na_value=np.nan))
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        # Lists holding pd.NA (or similar) cannot be cast directly.
        obj = np.asarray(x, dtype=object)
        flat = obj.reshape(-1)
        out = np.full(flat.shape, np.nan)
        present = ~pd.isna(flat)
        out[present] = flat[present].astype(float)
        return out.reshape(obj.shape)


def _as_object(x: Any) -> np.ndarray:
    if isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        return np.asarray(x.to_numpy(dtype=object))
    return np.asarray(x, dtype=object)


def _all_scalar(*args: Any) -> bool:
    return all(np.ndim(a) == 0 for a in args)


def _finish(labels: np.ndarray, scalar: bool) -> Any:
    return labels.item() if scalar else labels


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")


def _z(confidence: float) -> float:
    """Two-sided standard normal critical value, e.g. 1.959964 for 0.95."""
    _check_confidence(confidence)
    return float(sps.norm.ppf(1 - (1 - confidence) / 2))


def _as_labels(values: Any, allowed: tuple[str, ...], what: str) -> np.ndarray:
    """Labels as a numpy str array, raising ValueError for anything not in ``allowed``."""
    if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        values = values.to_numpy(dtype=object)
    labels = np.asarray(values)
    if labels.dtype.kind != "U":
        # Casting to str turns None/NaN into "None"/"nan", which are then rejected.
        labels = labels.astype(object).astype(str)
    ok = np.zeros(labels.shape, dtype=bool)
    for label in allowed:
        ok |= labels == label
    if not ok.all():
        bad = list(dict.fromkeys(np.asarray(values, dtype=object)[~ok].reshape(-1).tolist()))
        shown = ", ".join(repr(v) for v in bad[:5])
        raise ValueError(f"unknown {what} {shown}; expected one of {', '.join(allowed)}")
    return labels


def _as_polarity(polarity: Any) -> np.ndarray:
    return _as_labels(polarity, POLARITIES, "polarity")