"""Argument checks shared by the models: clear errors instead of ``assert``."""

from __future__ import annotations

import math
import numbers


def positive_int(name: str, value: object) -> int:
    """Return ``value`` if it is a positive ``int``; raise otherwise.

    >>> positive_int("depth", 6)
    6
    >>> positive_int("depth", 0)
    Traceback (most recent call last):
    ...
    ValueError: depth must be a positive integer, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a positive integer, got {value!r} "
            f"of type {type(value).__name__}"
        )
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def size_pair(name: str, value: object) -> tuple[int, int]:
    """Return ``(height, width)`` from an ``int`` or a pair of ``int``.

    >>> size_pair("image_size", 256)
    (256, 256)
    >>> size_pair("image_size", (224, 160))
    (224, 160)
    """
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(
                f"{name} must be an int or a (height, width) pair, got {value!r}"
            )
        height, width = value
        return positive_int(f"{name}[0]", height), positive_int(f"{name}[1]", width)
    side = positive_int(name, value)
    return side, side


def probability(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it lies in ``[0, 1)``.

    >>> probability("dropout", 0.1)
    0.1
    >>> probability("dropout", 1.0)
    Traceback (most recent call last):
    ...
    ValueError: dropout must be in [0, 1), got 1.0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a number in [0, 1), got {value!r} "
            f"of type {type(value).__name__}"
        )
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


def positive_number(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a finite number above zero.

    >>> positive_number("timeout", 30)
    30.0
    >>> positive_number("timeout", float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: timeout must be a finite number above zero, got inf
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a finite number above zero, got {value!r} "
            f"of type {type(value).__name__}"
        )
    if not 0.0 < value < math.inf:
        raise ValueError(f"{name} must be a finite number above zero, got {value!r}")
    return float(value)
