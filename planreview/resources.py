"""Where the data files live: `patterns/` (matcher patterns, rulebook, messages) and `reports/` (templates).

In a source checkout they sit next to the package; in an installed wheel they are inside it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"planreview data folder {name!r} is missing from the installation")


def patterns_dir() -> Path:
    return data_dir("patterns")


def reports_dir() -> Path:
    return data_dir("reports")


class _DataLoader(yaml.SafeLoader):
    """YAML 1.1 reads on/off/yes/no as booleans; in pattern lists they are words ("in 4 of 5", "no")."""


_DataLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class DataError(ValueError):
    """A data file in patterns/ breaks its schema: raised at load time so a bad edit fails loudly."""


@cache
def load_yaml(name: str) -> Any:
    path = patterns_dir() / name
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_DataLoader)
    except yaml.YAMLError as exc:
        raise DataError(f"{path.name}: not valid YAML: {exc}") from exc


def messages() -> dict[str, Any]:
    return load_yaml("messages.yaml")
