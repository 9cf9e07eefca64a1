"""The Hypothesis strategies of the test suite: the ones shipped for users' tests."""

from edocstd.testing.strategies import *  # noqa: F403
from edocstd.testing.strategies import __all__  # noqa: F401
