"""Read and write codebook YAML files (contract 3), keeping the line of every code for errors.

The file is read by :func:`psm_qual.io.yaml_lines.parse_yaml` in strict mode (a safe loader: no
Python objects, no code, no duplicate keys, a cap against alias bombs) into dicts and lists that
remember their line numbers, then checked by :func:`psm_qual.codebook.validate.build_codebook`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from psm_qual.codebook.model import Code, Codebook
from psm_qual.codebook.validate import TEXT_FIELDS, build_codebook
from psm_qual.errors import CodebookError, SourceError
from psm_qual.io.atomic import write_text_atomic
from psm_qual.io.text import decode_text
from psm_qual.io.yaml_lines import parse_yaml

__all__ = ["read_codebook", "parse_codebook", "write_codebook", "dump_codebook", "codebook_to_data"]


def parse_codebook(text: str, *, path: str | Path = "<codebook>") -> Codebook:
    """Parse codebook YAML ``text`` and check it (see :func:`read_codebook`).

    Examples
    --------
    >>> cb = parse_codebook('''
    ... id: demo
    ... version: 1.0.0
    ... codes:
    ...   - id: care
    ...     label: {id: Peduli, en: Care}
    ... ''')
    >>> cb["care"].label["en"], cb["care"].line
    ('Care', 5)
    >>> parse_codebook("id: demo\\nversion: 1.0.0\\ncodes:\\n  - id: care\\n    lable: {en: x}\\n",
    ...                path="demo.yaml")
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodebookError: demo.yaml:5: lable: unknown field 'lable' in a code; did you mean 'label'? ...
    """
    path = str(path)
    document = parse_yaml(text, path=path, error=CodebookError, strict=True)
    if document is None:
        raise CodebookError("the file is empty: a codebook needs id, version and codes", path=path)
    return build_codebook(document, path=path)


def read_codebook(path: str | Path) -> Codebook:
    """Read a codebook YAML file (contract 3) and check it.

    Parameters
    ----------
    path : str or Path
        A UTF-8 YAML file.

    Returns
    -------
    Codebook
        With ``path`` set and each code's ``line`` (1-based line where the code starts).

    Raises
    ------
    CodebookError
        ``path:line: message`` for invalid YAML, a file that is not UTF-8, or any rule of
        :func:`psm_qual.codebook.validate.build_codebook`.
    OSError
        If the file cannot be read.
    """
    path = Path(path)
    try:
        text = decode_text(path.read_bytes(), path=path)
    except SourceError as error:
        raise CodebookError(error.message, path=path, line=error.line) from None
    return parse_codebook(text, path=path)


def _text_map(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


def _code_data(code: Code, codebook: Codebook) -> dict[str, Any]:
    data: dict[str, Any] = {"id": code.name}
    for name in TEXT_FIELDS:
        value = getattr(code, name)
        if value:
            data[name] = _text_map(value)
    if code.examples:
        data["examples"] = [
            {"text": example.text, "language": example.language} for example in code.examples
        ]
    if code.patterns:
        data["patterns"] = {language: list(words) for language, words in code.patterns.items()}
    if code.color is not None:
        data["color"] = code.color
    if not code.codable:
        data["codable"] = False
    children = codebook.children(code.id)
    if children:
        data["children"] = [_code_data(child, codebook) for child in children]
    return data


def codebook_to_data(codebook: Codebook) -> dict[str, Any]:
    """The codebook as plain Python data in the file layout (nested ``children``, short ids)."""
    data: dict[str, Any] = {"id": codebook.id}
    if codebook.title:
        data["title"] = _text_map(codebook.title)
    data["version"] = codebook.version
    if codebook.description:
        data["description"] = _text_map(codebook.description)
    data["languages"] = list(codebook.languages)
    data["codes"] = [_code_data(code, codebook) for code in codebook.children(None)]
    return data


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_codebook(codebook: Codebook) -> str:
    """The codebook as YAML text (UTF-8 characters kept, keys in contract order).

    Examples
    --------
    >>> cb = parse_codebook("id: demo\\nversion: 1.0.0\\ncodes:\\n  - id: care\\n    label: {en: Care}\\n")
    >>> parse_codebook(dump_codebook(cb)) == cb
    True
    """
    return yaml.dump(
        codebook_to_data(codebook),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


def write_codebook(codebook: Codebook, path: str | Path) -> Path:
    """Write ``codebook`` as YAML to ``path`` atomically; ``read_codebook(path) == codebook``.

    Comments of a hand-written file are not kept: write to a new file, not over the original.
    """
    return write_text_atomic(path, dump_codebook(codebook))
