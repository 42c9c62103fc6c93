"""The methodology draft as a form: every value the admin may change has a field named by its path in the
configuration (`kris.3.tolerance`), so a problem found by methodology.validate is shown next to the field it
names. The shape (how many categories, levels, indicators) comes from the preset the draft started from."""
from . import methodology

TEXT, NUMBER, WHOLE, SELECT, TEXTAREA, COLOUR = "text", "number", "whole", "select", "textarea", "colour"


def get(config, path: str):
    node = config
    for part in path.split("."):
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return None
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _set(config, path: str, value) -> None:
    parts = path.split(".")
    node = config
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def _labels(path: str) -> list[tuple[str, str]]:
    return [(f"{path}.{language}", TEXT) for language in methodology.LANGUAGES]


def fields(config: dict) -> list[tuple[str, str]]:
    """(path, kind) of every editable value, in page order."""
    out = _labels("name")
    scales = config.get("scales") or {}
    for kind in methodology.SCALE_KINDS:
        scale = scales.get(kind) or {}
        base = f"scales.{kind}"
        out += _labels(f"{base}.basis") + [(f"{base}.unit", TEXT), (f"{base}.period", TEXT),
                                          (f"{base}.domain_min", NUMBER)]
        for i, _category in enumerate(scale.get("categories") or []):
            at = f"{base}.categories.{i}"
            out += [(f"{at}.code", TEXT)] + _labels(f"{at}.labels") + [(f"{at}.lo", NUMBER), (f"{at}.hi", NUMBER)]
    for i, _level in enumerate(config.get("levels") or []):
        out += _labels(f"levels.{i}.labels") + [(f"levels.{i}.colour", COLOUR)] + _labels(f"levels.{i}.treatment")
    for l_code, row in (config.get("matrix") or {}).items():
        out += [(f"matrix.{l_code}.{i_code}", SELECT) for i_code in row]
    for i, _kri in enumerate(config.get("kris") or []):
        out += [(f"kris.{i}.direction", SELECT), (f"kris.{i}.window_days", WHOLE), (f"kris.{i}.appetite", NUMBER),
                (f"kris.{i}.tolerance", NUMBER)]
    for name in methodology.INDICES:
        for i, dimension in enumerate(get(config, f"index_model.{name}.dimensions") or []):
            at = f"index_model.{name}.dimensions.{i}"
            out.append((f"{at}.weight", NUMBER))
            out += [(f"{at}.indicators.{j}.weight", NUMBER) for j, _ in enumerate(dimension.get("indicators") or [])]
    for kind, bands in (config.get("appetite") or {}).items():
        out += [(f"appetite.{kind}.{band}", SELECT) for band in methodology.BANDS]
    out.append(("redflag_settings", TEXTAREA))
    return out


def apply(config: dict, formdata) -> dict:
    """The configuration with the posted values in place (unposted fields keep theirs). Values stay as
    typed: validation, not parsing, says what is wrong with them."""
    for path, kind in fields(config):
        if path not in formdata:
            continue
        raw = formdata.get(path, "")
        if kind == TEXTAREA:
            value = raw.replace("\r\n", "\n")
        else:
            value = raw.strip()
        if kind == WHOLE:
            value = int(value) if value.isdigit() and len(value) <= 6 else value
        elif kind == NUMBER and path.endswith(".hi") and value == "":
            value = None  # an empty upper bound: open-ended
        _set(config, path, value)
    return config


def field_id(path: str) -> str:
    return "f-" + path.replace(".", "-")
