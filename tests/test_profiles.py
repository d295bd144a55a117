"""Tests for fanpin.rules.profiles: built-ins, validation errors, `extends`, hash, listing,
the 2026 profile (terms, the escaped-track rules) and lines added over a profile's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli.commands import app
from fanpin.errors import FanpinError, ProfileError
from fanpin.rules.profiles import BUILTIN_DIR, Profile, builtin_names, load_profile, with_lines
from tests.rosters import member, write_xlsx

runner = CliRunner()


def write_profile(folder: Path, text: str, name: str = "county.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- built-ins ---------------------------------------------------------------------------


def test_builtin_names_are_national_national_2026_and_zixing() -> None:
    assert builtin_names() == ["national", "national-2026", "zixing"]


@pytest.mark.parametrize("name", ["national", "national-2026", "zixing"])
def test_builtin_profiles_load_with_every_expression_parsed(name: str) -> None:
    profile = load_profile(name)

    assert profile.name == name
    assert profile.version
    assert profile.line_for(2021) == 6000
    assert profile.tiers.medium < profile.tiers.high
    assert all(rule.points >= 0 for rule in profile.tiers.rules)
    # every risk rule, tier rule and the outstanding-difficulty test is parsed
    assert len(profile.expressions) == 1 + len(profile.risk_rules) + len(profile.tiers.rules)
    assert profile.catalogue.measures


def test_zixing_extends_national_and_keeps_its_rules() -> None:
    national, zixing = load_profile("national"), load_profile("zixing")

    assert zixing.monitoring_line == national.monitoring_line
    assert zixing.tiers == national.tiers
    assert zixing.risk_rules == national.risk_rules
    assert zixing.measures.catalogue == "zixing_measures.csv"
    assert national.measures.catalogue == "national_measures.csv"


def test_national_2026_extends_national_with_the_2026_terms_and_sorting() -> None:
    national, y2026 = load_profile("national"), load_profile("national-2026")

    assert national.terminology == "2021" and y2026.terminology == "2026"
    assert national.escaped_track.enabled is False
    assert y2026.escaped_track.enabled is True
    assert y2026.escaped_track.continue_when == national.escaped_track.continue_when
    assert [r.code for r in y2026.escaped_track.continue_when] == [
        "monitored",
        "proposed",
        "returned_to_risk",
        "watch",
        "safety_net",
        "relies_on_transfers",
    ]
    assert set(y2026.escaped_conditions) == {r.code for r in y2026.escaped_track.continue_when}
    assert y2026.tiers == national.tiers
    assert y2026.risk_rules == national.risk_rules
    assert y2026.monitoring_line == national.monitoring_line


@pytest.mark.parametrize("name", ["national", "national-2026", "zixing"])
def test_no_builtin_ships_a_line_after_2021(name: str) -> None:
    # domain.md §2: no single national figure after 2021; each province sets its own
    assert max(load_profile(name).monitoring_line) <= 2021


def test_natural_elimination_is_allowed_by_default() -> None:
    settings = load_profile("national").elimination

    assert settings.allow_natural is True
    assert settings.require_measure is True


def test_profile_by_path_loads_like_by_name() -> None:
    by_path = load_profile(BUILTIN_DIR / "national.toml")

    assert by_path.hash == load_profile("national").hash


# -- errors ------------------------------------------------------------------------------


def test_unknown_profile_name_lists_the_builtins() -> None:
    with pytest.raises(ProfileError, match="no profile 'nationl'; built-in profiles are national"):
        load_profile("nationl")


def test_unknown_key_is_an_error_naming_it(tmp_path: Path) -> None:
    path = write_profile(tmp_path, 'extends = "national"\nmonitor_line = 6000\n')

    with pytest.raises(ProfileError, match=r"county\.toml is not valid") as caught:
        load_profile(path)
    assert "monitor_line" in str(caught.value)


def test_unknown_key_inside_a_table_is_an_error(tmp_path: Path) -> None:
    path = write_profile(tmp_path, 'extends = "national"\n[category]\ndrop_rate = 0.4\n')

    with pytest.raises(ProfileError, match=r"category\.drop_rate"):
        load_profile(path)


def test_negative_points_are_rejected(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        'extends = "national"\n'
        "[[tiers.rules]]\n"
        'name = "bonus"\nlabel = "奖励"\nwhen = "labour_count > 2"\npoints = -10\n',
    )

    with pytest.raises(ProfileError, match=r"tiers\.rules\.0\.points") as caught:
        load_profile(path)
    assert "greater than or equal to 0" in str(caught.value)


@pytest.mark.parametrize("medium", [60, 75])
def test_medium_cut_off_at_or_above_high_is_rejected(tmp_path: Path, medium: int) -> None:
    path = write_profile(tmp_path, f'extends = "national"\n[tiers]\nmedium = {medium}\n')

    with pytest.raises(ProfileError, match="tiers.medium must be below tiers.high"):
        load_profile(path)


def test_unknown_field_in_an_expression_suggests_the_close_name(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        'extends = "national"\n[category]\noutstanding = "dropout_count > 0 or no_safe_watr"\n',
    )

    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert "category.outstanding" in message
    assert "unknown field 'no_safe_watr'" in message
    assert "did you mean" in message and "no_safe_water" in message


def test_unknown_field_in_a_tier_rule_names_the_rule(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        'extends = "national"\n[[tiers.rules]]\n'
        'name = "poor"\nlabel = "低收入"\nwhen = "per_capita_incom < line"\npoints = 10\n',
    )

    with pytest.raises(ProfileError, match=r"tiers\.rules\.poor.*per_capita_income"):
        load_profile(path)


def test_unknown_risk_factor_is_rejected(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        'extends = "national"\n[[risk_rules]]\n'
        'factor = "poverty"\nwhen = "labour_count == 0"\nevidence = "x"\n',
    )

    with pytest.raises(ProfileError, match="unknown risk factor 'poverty'"):
        load_profile(path)


ESCAPED_RULE = '[[escaped_track.continue_when]]\ncode = "{code}"\nlabel = "x"\nwhen = "{when}"\n'


def test_escaped_track_rule_with_an_unknown_field_names_the_rule(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        'extends = "national-2026"\n' + ESCAPED_RULE.format(code="poor", when="net_incom < line"),
    )

    with pytest.raises(ProfileError, match=r"escaped_track\.continue_when\[0\] \(poor\)") as caught:
        load_profile(path)
    assert "net_income" in str(caught.value)


@pytest.mark.parametrize(
    ("code", "problem"),
    [("Poor", "snake_case"), ("exit_conditions_met", "already used"), ("data_error", "already")],
)
def test_escaped_track_rule_codes_are_checked(tmp_path: Path, code: str, problem: str) -> None:
    path = write_profile(
        tmp_path, 'extends = "national"\n' + ESCAPED_RULE.format(code=code, when="watch")
    )

    with pytest.raises(ProfileError, match=problem):
        load_profile(path)


def test_escaped_track_rule_codes_are_unique(tmp_path: Path) -> None:
    rule = ESCAPED_RULE.format(code="poor", when="watch")
    path = write_profile(tmp_path, 'extends = "national"\n' + rule + rule)

    with pytest.raises(ProfileError, match="'poor' is already used"):
        load_profile(path)


def test_escaped_track_enabled_without_rules_is_an_error(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path, 'extends = "national"\n[escaped_track]\nenabled = true\ncontinue_when = []\n'
    )

    with pytest.raises(ProfileError, match="at least one continue_when rule"):
        load_profile(path)


def test_unknown_terminology_is_rejected(tmp_path: Path) -> None:
    path = write_profile(tmp_path, 'extends = "national"\nterminology = "2030"\n')

    with pytest.raises(ProfileError, match="terminology"):
        load_profile(path)


def test_profile_that_extends_itself_is_an_error(tmp_path: Path) -> None:
    write_profile(tmp_path, 'extends = "b"\nname = "a"\n', "a.toml")
    write_profile(tmp_path, 'extends = "a"\nname = "b"\n', "b.toml")

    with pytest.raises(ProfileError, match="extends itself"):
        load_profile(tmp_path / "a.toml")


def test_year_without_a_line_names_the_year_and_how_to_add_it() -> None:
    profile = load_profile("national")

    with pytest.raises(ProfileError) as caught:
        profile.line_for(2024)
    message = str(caught.value)
    assert "no monitoring line for 2024" in message
    assert "2020, 2021" in message
    assert "`2024 = <yuan>` under [monitoring_line]" in message
    assert "--year" in message


def test_missing_line_of_a_builtin_says_to_extend_it_or_pass_line() -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile("national-2026").line_for(2026)
    message = str(caught.value)

    assert "profile 'national-2026' has no monitoring line for 2026" in message
    assert 'profiles/my_county.toml with `extends = "national-2026"`' in message
    assert "`2026 = <yuan>` under [monitoring_line]" in message
    assert "--line 2026=<yuan>" in message


def test_missing_line_of_a_profile_file_names_that_file(tmp_path: Path) -> None:
    path = write_profile(tmp_path, 'extends = "national"\nname = "county"\n')

    with pytest.raises(ProfileError) as caught:
        load_profile(path).line_for(2026)
    message = str(caught.value)

    assert f"add `2026 = <yuan>` under [monitoring_line] in {path.resolve()}" in message
    assert "--line 2026=<yuan>" in message


def test_lines_added_over_a_profile_are_used_recorded_and_hashed() -> None:
    national = load_profile("national")
    added = with_lines(national, {2026: 7600, 2021: 6100}, ("option", "--line"))

    assert added.line_for(2026) == 7600
    assert added.line_for(2021) == 6100
    assert added.line_for(2020) == 6000
    assert added.line_origin(2026) == ("option", "--line")
    assert added.line_origin(2020) == ("profile", "national")
    assert added.hash != national.hash
    assert with_lines(national, {2021: 6000}, ("option", "--line")).hash == national.hash
    assert national.monitoring_line == {2020: 6000, 2021: 6000}  # the original is untouched


def test_a_fix_given_with_the_lines_is_the_missing_line_message() -> None:
    fixed = with_lines(load_profile("national"), {}, ("workspace", "x"), "edit X for {year}")

    with pytest.raises(ProfileError, match="no monitoring line for 2027.*edit X for 2027"):
        fixed.line_for(2027)


def test_classify_fails_on_a_missing_line_before_reading_the_roster(tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "roster.xlsx", [member()])

    with pytest.raises(ProfileError, match="no monitoring line for 2023"):
        api.classify(roster, year=2023)
    unread = tmp_path / "unreadable.xlsx"
    unread.write_bytes(b"not a workbook: reading it would fail")
    with pytest.raises(ProfileError, match="no monitoring line for 2023"):
        api.classify(unread, year=2023)
    # a file that is not there is named first (issue 17): nothing else can be checked
    with pytest.raises(FanpinError, match="file not found"):
        api.classify(tmp_path / "does-not-exist.xlsx", year=2023)


# -- extends -----------------------------------------------------------------------------


def test_extends_merges_the_line_key_by_key(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        'extends = "national"\nname = "nankang"\n[monitoring_line]\n2021 = 6500\n2024 = 8500\n',
    )
    profile = load_profile(path)
    national = load_profile("national")

    assert profile.name == "nankang"
    assert profile.monitoring_line == {2020: 6000, 2021: 6500, 2024: 8500}
    assert profile.line_for(2024) == 8500
    assert profile.tiers == national.tiers
    assert profile.risk_rules == national.risk_rules
    assert profile.category == national.category


def test_extends_changing_only_a_tier_cut_off_keeps_the_rest(tmp_path: Path) -> None:
    path = write_profile(tmp_path, 'extends = "national"\n[tiers]\nhigh = 70\n')
    profile = load_profile(path)
    national = load_profile("national")

    assert profile.tiers.high == 70
    assert profile.tiers.medium == national.tiers.medium
    assert profile.tiers.rules == national.tiers.rules
    assert profile.monitoring_line == national.monitoring_line


def test_extends_a_builtin_that_extends_national(tmp_path: Path) -> None:
    path = write_profile(tmp_path, 'extends = "zixing"\n[elimination]\nmin_months = 3\n')
    profile = load_profile(path)

    assert profile.elimination.min_months == 3
    assert profile.elimination.require_measure is True
    assert profile.measures.catalogue == "zixing_measures.csv"
    assert len(profile.catalogue.measures) == 55


def test_extends_finds_a_workspace_profile_beside_it(tmp_path: Path) -> None:
    write_profile(tmp_path, 'extends = "national"\n[monitoring_line]\n2022 = 6500\n', "base.toml")
    path = write_profile(tmp_path, 'extends = "base"\n[tiers]\nmedium = 25\n')
    profile = load_profile(path)

    assert profile.monitoring_line[2022] == 6500
    assert profile.tiers.medium == 25


# -- hash --------------------------------------------------------------------------------


def test_hash_is_stable_and_depends_on_content_only(tmp_path: Path) -> None:
    same = load_profile(write_profile(tmp_path, 'extends = "national"\n'))

    assert same.hash == load_profile("national").hash
    assert len(same.hash) == 16
    assert load_profile("zixing").hash != load_profile("national").hash


@pytest.mark.parametrize(
    "change",
    [
        "[monitoring_line]\n2021 = 6001\n",
        "[tiers]\nhigh = 61\n",
        "[category]\ndrop_ratio = 0.4\n",
        "[elimination]\nrequire_measure = false\n",
        'version = "1.0.1"\n',
    ],
)
def test_hash_changes_when_a_value_changes(tmp_path: Path, change: str) -> None:
    changed = load_profile(write_profile(tmp_path, f'extends = "national"\n{change}'))

    assert changed.hash != load_profile("national").hash
    assert changed.summary() == {
        "name": "national",
        "version": changed.version,
        "hash": changed.hash,
    }


def _edit_catalogue(folder: Path) -> tuple[Profile, Profile]:
    """A workspace profile with its own catalogue, loaded before and after editing a measure."""
    catalogue = folder / "county_measures.csv"
    shutil.copy(BUILTIN_DIR / "national_measures.csv", catalogue)
    path = write_profile(
        folder, 'extends = "national"\n[measures]\ncatalogue = "county_measures.csv"\n'
    )
    before = load_profile(path)
    text = catalogue.read_text(encoding="utf-8-sig")
    catalogue.write_text(text.replace("HOU01,住房安全保障", "HOU01,住房保障"), encoding="utf-8")
    return before, load_profile(path)


def test_profile_reads_its_own_catalogue_beside_it(tmp_path: Path) -> None:
    before, after = _edit_catalogue(tmp_path)

    assert before.catalogue.path == tmp_path / "county_measures.csv"
    assert before.catalogue.by_code()["HOU01"].category == "住房安全保障"
    assert after.catalogue.by_code()["HOU01"].category == "住房保障"


def test_hash_changes_when_the_measure_catalogue_changes(tmp_path: Path) -> None:
    before, after = _edit_catalogue(tmp_path)

    assert after.hash != before.hash


# -- CLI ---------------------------------------------------------------------------------


def test_cli_profiles_lists_national_national_2026_and_zixing() -> None:
    result = runner.invoke(app, ["profiles"])

    assert result.exit_code == 0, result.output
    assert "national" in result.stdout
    assert "zixing" in result.stdout
    # the table wraps long names at 80 columns; the library lists them whole
    assert [p.name for p in api.list_profiles()] == ["national", "national-2026", "zixing"]
    assert "6,000" in result.stdout
