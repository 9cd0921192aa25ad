"""Canonical entry bytes of the evidence ledger: RFC 8785 (JSON Canonicalization Scheme).

Every accepted record becomes a ledger leaf whose entry bytes are the record's JCS form, and
whose leaf hash is SHA-256(0x00 ‖ entry) (RFC 6962 §2.1).

:func:`canonical_json` is a fast path over the standard library's C JSON encoder that gives
the same bytes as the reference ``rfc8785.dumps`` (a property test checks this). The standard
encoder already agrees with JCS on strings (RFC 8785 §3.2.2.2: only ``"``, ``\\`` and control
characters are escaped, in lower-case ``\\u00xx`` form except ``\\b \\t \\n \\f \\r``), on
``true``/``false``/``null`` and on integers. It differs in three places, which the fast path
handles before encoding:

* numbers (§3.2.2.3, ECMAScript ``Number::toString``): an integral float prints without
  ``.0`` — converted to ``int`` while exactly representable (below 2**53); a float whose
  ``repr`` is in exponent form (|x| < 1e-4 or >= 1e16) is printed differently by ECMAScript,
  so that value goes to ``rfc8785``; NaN and infinities are errors;
* key order (§3.2.3): JCS sorts keys by UTF-16 code units, Python by code points; the two
  orders agree unless a key holds a character outside the Basic Multilingual Plane, so such
  objects go to ``rfc8785``;
* domain: integers beyond ±(2**53 - 1), non-string keys and lone surrogates are errors.

Anything the fast path cannot prove equal is handed to ``rfc8785.dumps``, which is slow but
is the reference.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import rfc8785

from truce.errors import InvalidInput

__all__ = ["canonical_json", "leaf_hash", "LEAF_PREFIX", "NODE_PREFIX"]

#: RFC 6962 §2.1 domain-separation prefixes.
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

_INT_MAX = 2**53 - 1
_FLOAT_EXACT = float(2**53)
_encode = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
).encode


class _SlowPath(Exception):
    """The value needs the reference encoder (exponent-form float, non-BMP key, bad value)."""


def canonical_json(obj: Any) -> bytes:
    """The RFC 8785 (JCS) serialisation of ``obj`` as UTF-8 bytes.

    ``obj`` is a JSON value built of ``dict`` (string keys), ``list``/``tuple``, ``str``,
    ``int``, ``float``, ``bool`` and ``None``. Raises :class:`~truce.errors.InvalidInput` when
    it is not representable in JCS (NaN, infinity, integers beyond ±(2**53 - 1), non-string
    keys, lone surrogates, other types).
    """
    try:
        return _encode(_normalise(obj)).encode("utf-8")
    except (_SlowPath, UnicodeEncodeError):
        pass
    try:
        return bytes(rfc8785.dumps(obj))
    except rfc8785.CanonicalizationError as exc:
        raise InvalidInput(f"value cannot be canonicalised (RFC 8785): {exc}") from exc


def leaf_hash(entry: bytes) -> bytes:
    """RFC 6962 §2.1 leaf hash: SHA-256(0x00 ‖ entry), 32 bytes."""
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def _normalise(obj: Any) -> Any:
    # Exact type checks first: they are the common case and much cheaper than isinstance.
    t = type(obj)
    if t is str or obj is None or t is bool:
        return obj
    if t is int:
        if -_INT_MAX <= obj <= _INT_MAX:
            return obj
        raise _SlowPath
    if t is float:
        return _normalise_float(obj)
    if t is dict:
        return _normalise_dict(obj)
    if t is list or t is tuple:
        return [_normalise(v) for v in obj]
    return _normalise_other(obj)


def _normalise_float(f: float) -> float | int:
    if f.is_integer():
        if -_FLOAT_EXACT < f < _FLOAT_EXACT:
            return int(f)
        raise _SlowPath
    r = repr(f)
    if "e" in r or "n" in r:  # exponent form, or nan/inf
        raise _SlowPath
    return f


def _normalise_dict(d: Mapping[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if type(k) is not str or not k.isascii():
            if not isinstance(k, str) or (k and max(k) > "\uffff"):
                raise _SlowPath
            k = str.__str__(k)
        # Inline the common scalar cases: this loop is on the ingest hot path.
        t = type(v)
        if t is str or v is None or t is bool:
            out[k] = v
        elif t is float:
            out[k] = _normalise_float(v)
        elif t is dict:
            out[k] = _normalise_dict(v)
        else:
            out[k] = _normalise(v)
    return out


def _normalise_other(obj: Any) -> Any:
    # Subclasses (StrEnum, IntEnum, OrderedDict...) are serialised by value, as rfc8785 does.
    if isinstance(obj, bool):
        return bool(obj)
    if isinstance(obj, str):
        return str.__str__(obj)
    if isinstance(obj, int):
        return _normalise(int(obj))
    if isinstance(obj, float):
        return _normalise_float(float(obj))
    if isinstance(obj, dict):
        return _normalise_dict(obj)
    if isinstance(obj, list | tuple):
        return [_normalise(v) for v in obj]
    raise _SlowPath
