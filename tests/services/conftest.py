"""Service test fixtures: the demo agreement and its index (shared with tests/agreement)."""

from __future__ import annotations

import tests.agreement.conftest as _agreement

demo = _agreement.demo
index = _agreement.index
