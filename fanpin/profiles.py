"""Rule profiles: versioned TOML validated by pydantic, expressions checked when loaded.

A profile is a built-in name (``national``, ``zixing``) or a path to a TOML file.
A profile may ``extends`` another: tables merge key by key, lists and values
replace. Unknown keys are errors; every rule expression is parsed against the
known household fields before any roster row is read.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fanpin import schema
from fanpin.errors import ProfileError
from fanpin.expr import Expression, parse_expression
from fanpin.measures import Catalogue, load_catalogue

BUILTIN_DIR = Path(__file__).with_name("profiles")
Tier = Literal["high", "medium", "low"]
TIER_LABELS = {
    "high": ("高风险·重点监测帮扶", "high risk: key monitoring and assistance"),
    "medium": ("中风险·常态化监测帮扶", "medium risk: regular monitoring and assistance"),
    "low": ("低风险·跟踪监测", "low risk: tracking"),
}
PARAMETER_NAMES = ("line", "watch_margin", "drop_ratio")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RiskRule(_Strict):
    """A risk factor fires when any of its rules holds; each rule is its evidence."""

    factor: str
    when: str
    evidence: str
    evidence_en: str = ""

    @model_validator(mode="after")
    def _known_factor(self) -> RiskRule:
        if self.factor not in schema.RISK_FACTORS:
            raise ValueError(
                f"unknown risk factor '{self.factor}'; use one of {', '.join(schema.RISK_FACTORS)}"
            )
        return self


class TierRule(_Strict):
    name: str
    label: str
    label_en: str = ""
    when: str
    points: int = Field(ge=0, description="never negative: adding a risk never lowers a tier")


class CategorySettings(_Strict):
    drop_ratio: float = Field(0.5, gt=0, le=1)
    watch_margin: float = Field(1.2, ge=1)
    sudden_events: list[str] = ["illness", "accident", "disaster", "industry_failure"]
    outstanding: str = "dropout_count > 0 or uninsured_count > 0 or housing_unsafe or no_safe_water"


class TierSettings(_Strict):
    high: int = Field(gt=0)
    medium: int = Field(gt=0)
    rules: list[TierRule]

    @model_validator(mode="after")
    def _ordered(self) -> TierSettings:
        if self.medium >= self.high:
            raise ValueError("tiers.medium must be below tiers.high")
        names = [r.name for r in self.rules]
        if len(set(names)) != len(names):
            raise ValueError("tier rule names must be unique")
        return self


class EliminationSettings(_Strict):
    min_months: int = Field(6, ge=0)
    require_measure: bool = True
    check_last_year: bool = True
    assisted_min_months: int = Field(2, ge=0)


class AuditSettings(_Strict):
    """The 排查 campaign and department cross-checks (owned by fanpin/audit.py)."""


class ProcedureSettings(_Strict):
    """Identification / elimination procedure limits (owned by fanpin/procedure.py)."""


class FundSettings(_Strict):
    """Prevention relief fund standards, caps and tranches (owned by fanpin/fund.py)."""


class MeasureSettings(_Strict):
    catalogue: str = "national_measures.csv"  # beside the profile, else built-in


class Profile(_Strict):
    """A county's rules: monitoring line by year, categories, risk rules, tiers."""

    name: str
    version: str
    description: str = ""
    monitoring_line: dict[int, float]
    category: CategorySettings = CategorySettings()
    risk_rules: list[RiskRule]
    tiers: TierSettings
    elimination: EliminationSettings = EliminationSettings()
    measures: MeasureSettings = MeasureSettings()
    audit: AuditSettings = AuditSettings()
    procedure: ProcedureSettings = ProcedureSettings()
    fund: FundSettings = FundSettings()
    source: str = Field("", exclude=True)

    def line_for(self, year: int) -> float:
        """The monitoring line of ``year``; a year without one is an error, never a default."""
        if year not in self.monitoring_line:
            years = ", ".join(str(y) for y in sorted(self.monitoring_line))
            raise ProfileError(
                f"profile '{self.name}' has no monitoring line for {year} (it has {years}); "
                f"pass --year, or add `{year} = <yuan>` under [monitoring_line] in a profile "
                f"that extends '{self.name}'"
            )
        return self.monitoring_line[year]

    @cached_property
    def hash(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @cached_property
    def expressions(self) -> dict[str, Expression]:
        """Every rule expression of the profile, parsed, keyed by where it stands."""
        known = (*schema.RULE_NAMES, *PARAMETER_NAMES)
        sources = {"category.outstanding": self.category.outstanding}
        sources |= {f"risk_rules[{i}]": r.when for i, r in enumerate(self.risk_rules)}
        sources |= {f"tiers.rules.{r.name}": r.when for r in self.tiers.rules}
        parsed: dict[str, Expression] = {}
        for where, source in sources.items():
            try:
                parsed[where] = parse_expression(source, known)
            except ProfileError as error:
                raise ProfileError(f"profile '{self.name}', {where}: {error}") from None
        return parsed

    @cached_property
    def catalogue(self) -> Catalogue:
        """The measure catalogue, found beside the profile file or among the built-ins."""
        name = self.measures.catalogue
        for folder in (Path(self.source).parent, BUILTIN_DIR):
            if (folder / name).is_file():
                return load_catalogue(folder / name)
        raise ProfileError(f"profile '{self.name}': measure catalogue {name} not found")

    def summary(self) -> dict[str, Any]:
        """What outputs record about the profile that produced them."""
        return {"name": self.name, "version": self.version, "hash": self.hash}


def builtin_names() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))


def load_profile(name_or_path: str | Path, search: Path | None = None) -> Profile:
    """A built-in profile by name, a workspace profile in ``search``, or a TOML path."""
    path = _locate(str(name_or_path), search)
    data = _load_merged(path, seen=())
    try:
        profile = Profile.model_validate({**data, "source": str(path)})
    except ValidationError as error:
        raise ProfileError(f"profile {path.name} is not valid:\n{_explain(error)}") from None
    profile.expressions  # noqa: B018 - parse every expression now, not at first use
    profile.catalogue  # noqa: B018 - and check the catalogue
    unknown = [f for f in profile.category.sudden_events if f not in schema.RISK_FACTORS]
    if unknown:
        raise ProfileError(f"profile {path.name}: unknown sudden_events {unknown}")
    return profile


def _locate(name: str, search: Path | None) -> Path:
    candidates = [Path(name)] if name.endswith(".toml") or "/" in name else []
    if search is not None:
        candidates.append(search / f"{name}.toml")
    candidates.append(BUILTIN_DIR / f"{name}.toml")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ProfileError(
        f"no profile '{name}'; built-in profiles are {', '.join(builtin_names())}, "
        "or give the path of a .toml file"
    )


def _load_merged(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    if path.resolve() in seen:
        raise ProfileError(f"profile {path.name} extends itself through {seen[-1].name}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"profile {path.name} cannot be read: {error}") from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    base = _load_merged(_locate(str(parent), path.parent), (*seen, path.resolve()))
    return _merge(base, data)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _explain(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem["loc"])
        lines.append(f"  {where}: {problem['msg']}")
    return "\n".join(lines)
