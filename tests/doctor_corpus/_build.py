"""Helpers shared by the mistake cases."""

from __future__ import annotations

import keras
from keras import layers

from . import Case, rng

L = layers


def seq(shape, *stack, loss=None, metrics=None, optimizer="adam"):
    model = keras.Sequential([keras.Input(shape), *stack])
    if loss is not None:
        model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    return model


def binary(n, seed=0):
    return rng(seed).integers(0, 2, size=(n, 1))


def registrar(cases: list[Case]):
    """A decorator registering a build function as a mistake case in ``cases``."""
    def case(name, url, saw, *codes):
        def register(build):
            cases.append(Case(name, url, saw, build, frozenset(codes)))
            return build
        return register
    return case
