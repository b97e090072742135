"""A corpus of broken plans: each must fail with exactly these problems, at these places.

Every folder in tests/fixtures/broken/ is one broken plan, written out in full so that the
line and column of each expected problem can be read straight off the file. A plan is
checked as `python -m macros check` checks it, loaded and scheduled: some plans (a task
past the last date a plan can use) fail only when scheduled. Hostile input is here too:
control characters, deep nesting, huge numbers, alias bombs, dates at the edges. Most of them are
`BASE_PROJECT` (below) with one small edit, named by the comment above the case in
`EXPECTED`; the glossary and checklist cases pair the unchanged base with a broken
glossary.yaml or checklists.yaml derived from `BASE_GLOSSARY` / `BASE_CHECKLISTS`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.plan.loader import load_plan
from macros.plan.problems import Loc, PlanError, Problem, Severity
from macros.schedule.result import compute

REPO = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"

# The valid plan every case starts from. Line numbers in `EXPECTED` refer to the fixture
# files, which match these lines except where the case's comment says otherwise.
BASE_PROJECT = """\
project:
  name: Example support outsourcing
  start: 2027-01-11
  go_live: go-live

sites:
  hq:
    name: Head office, Toronto
    country: CA
    subdivision: ON
    timezone: America/Toronto
    hours: "09:00-17:00"
  krakow:
    name: Support centre, Krakow
    country: PL
    timezone: Europe/Warsaw
    hours: "08:00-16:00"

roles:
  - id: key-contact
    title: Key Contact
    site: hq
  - id: provider-lead
    title: Provider Lead
    site: krakow

phases:
  - id: prepare
    title: Preparation
  - id: launch
    title: Launch

tasks:
  - id: kickoff
    title: Kickoff meeting
    phase: prepare
    duration: 1
  - id: train-agents
    title: Train the agents
    phase: prepare
    duration: 10
    sites: [krakow]
    after: [kickoff]
    raci:
      responsible: provider-lead
      accountable: key-contact
  - id: go-live
    title: Go-Live
    phase: launch
    milestone: true
    after: [train-agents]
"""

BASE_GLOSSARY = """\
terms:
  - term: Go-Live
    definition: The first day the provider handles live contacts on its own.
    aliases: [launch day]
    see_also: [Soft launch]
  - term: Soft launch
    definition: A trial period with a share of live contacts.
    context:
      hq: The first week after training.
"""

BASE_CHECKLISTS = """\
checklists:
  - id: readiness
    title: Launch readiness
    task: train-agents
    items:
      - id: vpn-access
        text: Every agent can sign in through the VPN
        owner: provider-lead
        area: system access
      - id: phone-lines
        text: Every agent's phone line works
        owner: key-contact
"""

# (file in the plan directory, line, column, message)
Expected = tuple[str, int, int, str]

ID_RULE = (
    "an id of lowercase letters, digits and hyphens that starts and ends with a letter or "
    "digit, such as `go-live`"
)
NOT_A_COUNTRY = "is not an ISO 3166-1 alpha-2 code known to the holidays package"
PROJECT_KEYS = "project, sites, roles, phases, tasks, escalation"
OUTSIDE_DATES = (
    "is outside the dates a plan can use: write a date from 1901-01-01 to 2100-12-31, the "
    "years whose public holidays are known"
)

EXPECTED: dict[str, list[Expected]] = {
    # -- YAML itself ---------------------------------------------------------------------
    # line 43: `after: [kickoff` (the closing bracket is missing)
    "yaml_syntax_error": [
        (
            "project.yaml",
            44,
            9,
            "YAML syntax error: expected ',' or ']', but got ':' while parsing a flow sequence "
            "that starts on line 43, column 12",
        ),
    ],
    # line 15: a tab instead of four spaces before `country: PL`
    "tab_indentation": [
        ("project.yaml", 15, 1, "YAML syntax error: a tab is not allowed here: indent with spaces"),
    ],
    # line 2: `name: Example: support outsourcing` (an unquoted ': ' inside a value)
    "colon_in_value": [
        (
            "project.yaml",
            2,
            16,
            "YAML syntax error: mapping values are not allowed here: put a value that contains "
            "': ' in quotes, or check the indentation",
        ),
    ],
    # lines 52-53: a second document (`---` and `notes: draft`) after the plan
    "two_documents": [
        (
            "project.yaml",
            52,
            1,
            "YAML syntax error: expected a single document in the stream, but found another "
            "document",
        ),
    ],
    # lines 52-55: a second top-level `phases:` after the tasks
    "duplicate_top_level_key": [
        (
            "project.yaml",
            53,
            1,
            "duplicate key 'phases' in the file (first set on line 27): keep one of them",
        ),
    ],
    # line 16: krakow says `country: PL` twice (lines 15 and 16)
    "duplicate_nested_key": [
        (
            "project.yaml",
            16,
            5,
            "duplicate key 'country' in site 'krakow' (first set on line 15): keep one of them",
        ),
    ],
    # line 52: `2027: planned` at the top level
    "number_as_top_level_key": [
        ("project.yaml", 52, 1, "keys in the file must be plain names, not 2027"),
    ],
    # line 2: `!!int name: ...`, a required key written with a tag
    "tagged_required_key": [
        (
            "project.yaml",
            2,
            3,
            "keys in project must be plain names: remove the tag !!int before 'name'",
        ),
    ],
    # project.yaml is an empty file
    "empty_project_yaml": [
        ("project.yaml", 1, 1, f"the file is empty: it must hold {PROJECT_KEYS}"),
    ],
    # project.yaml is a list holding one mapping
    "top_level_list": [
        ("project.yaml", 1, 1, f"the file must be a mapping of {PROJECT_KEYS}, not a list"),
    ],
    # line 2: `name: !!python/object/apply:os.system ["touch pwned-by-yaml"]`
    "python_tag": [
        (
            "project.yaml",
            2,
            9,
            "the tag '!!python/object/apply:os.system' is not allowed: plan files hold plain "
            "values only, so remove the tag",
        ),
    ],
    # line 15: `country: !foo PL`
    "custom_tag": [
        (
            "project.yaml",
            15,
            14,
            "the tag '!foo' is not allowed: plan files hold plain values only, so remove the tag",
        ),
    ],
    # -- plan files ----------------------------------------------------------------------
    # the folder holds only a valid glossary.yaml
    "missing_project_yaml": [
        ("project.yaml", 1, 1, "project.yaml is missing: the plan needs it (see PLAN_FORMAT.md)"),
    ],
    # extra.yaml next to the base project.yaml
    "unknown_plan_file": [
        (
            "extra.yaml",
            1,
            1,
            "unknown plan file 'extra.yaml' (plan files are project.yaml, glossary.yaml, "
            "checklists.yaml, baseline.yaml)",
        ),
    ],
    # the base glossary saved as glossary.yml
    "yml_extension": [
        ("glossary.yml", 1, 1, "unknown plan file 'glossary.yml': rename it to glossary.yaml"),
    ],
    # -- keys ------------------------------------------------------------------------------
    # line 33: `taks:` instead of `tasks:`
    "unknown_top_level_key_suggestion": [
        ("project.yaml", 33, 1, "unknown key 'taks' in the file: did you mean 'tasks'?"),
    ],
    # line 41: `duratoin: 10`
    "unknown_task_key_suggestion": [
        (
            "project.yaml",
            41,
            5,
            "unknown key 'duratoin' in task 'train-agents': did you mean 'duration'?",
        ),
    ],
    # line 25: `colour: blue` in role provider-lead (site moves to line 26)
    "unknown_key_no_match": [
        (
            "project.yaml",
            25,
            5,
            "unknown key 'colour' in role 'provider-lead' "
            "(allowed: id, title, site, person, email, phone)",
        ),
    ],
    # task kickoff (line 34) without its `title:` line
    "missing_required_title": [
        ("project.yaml", 34, 5, "task 'kickoff' is missing 'title': add `title:` with text"),
    ],
    # lines 6-17 replaced by `sites: [hq, krakow]` (line 6)
    "sites_is_list": [
        ("project.yaml", 6, 8, "sites must be a mapping of ids, not a list"),
    ],
    # -- values ----------------------------------------------------------------------------
    # line 3: `start: 2027-02-30`
    "impossible_date": [
        (
            "project.yaml",
            3,
            10,
            "project: start: 2027-02-30 is not a date: February 2027 has 28 days",
        ),
    ],
    # line 3: `start: 2027-1-5`
    "malformed_date": [
        (
            "project.yaml",
            3,
            10,
            "project: start: '2027-1-5' is not a date: write it as YYYY-MM-DD, such as 2027-01-11",
        ),
    ],
    # line 3: `start: 20270111` (a number)
    "date_is_number": [
        (
            "project.yaml",
            3,
            10,
            "project: start: '20270111' is not a date: write it as YYYY-MM-DD, such as 2027-01-11",
        ),
    ],
    # line 17: `hours: "9-5"`
    "hours_9_5": [
        (
            "project.yaml",
            17,
            12,
            "site 'krakow': hours: '9-5' is not working hours: write them as \"HH:MM-HH:MM\" in "
            '24-hour time, such as "09:00-17:00"',
        ),
    ],
    # line 17: `hours: "16:00-08:00"`
    "hours_end_before_start": [
        (
            "project.yaml",
            17,
            12,
            "site 'krakow': hours: '16:00-08:00' ends before it starts: hours past midnight are "
            'not supported, so write the part before midnight, such as "22:00-24:00"',
        ),
    ],
    # line 15: `country: XX`
    "unknown_country": [
        (
            "project.yaml",
            15,
            14,
            f"site 'krakow': country 'XX' {NOT_A_COUNTRY} (such as CA, PL, DE, IN or PH)",
        ),
    ],
    # line 15: `country: pl`
    "lowercase_country": [
        (
            "project.yaml",
            15,
            14,
            f"site 'krakow': country 'pl' {NOT_A_COUNTRY}: write it in capitals, 'PL'",
        ),
    ],
    # line 10: `subdivision: ONT`
    "unknown_subdivision": [
        ("project.yaml", 10, 18, "site 'hq': 'ONT' is not a subdivision of CA: did you mean 'ON'?"),
    ],
    # lines 15-16: krakow in `country: CZ` with `subdivision: "10"` (holidays knows none)
    "subdivision_without_subdivisions": [
        (
            "project.yaml",
            16,
            18,
            "site 'krakow': '10' is not a subdivision of CZ; remove it, holidays knows no "
            "subdivisions of CZ",
        ),
    ],
    # line 16: `timezone: Europe/Warsw`
    "unknown_timezone": [
        (
            "project.yaml",
            16,
            15,
            "site 'krakow': 'Europe/Warsw' is not an IANA time zone: did you mean 'Europe/Warsaw'?",
        ),
    ],
    # line 18: krakow gets `weekend: [sat, sunday]`
    "weekend_sunday": [
        (
            "project.yaml",
            18,
            20,
            "site 'krakow': weekend item 2 must be one of mon, tue, wed, thu, fri, sat, sun, "
            "not 'sunday': did you mean 'sun'?",
        ),
    ],
    # line 50: `milestone: yes` (not a boolean in YAML 1.2); nothing else may be blamed
    "milestone_yes": [
        ("project.yaml", 50, 16, "task 'go-live': milestone must be true or false, not 'yes'"),
    ],
    # line 41: `duration: ten`
    "duration_ten": [
        (
            "project.yaml",
            41,
            15,
            "task 'train-agents': duration must be a whole number of working days, 1 or more, "
            "not 'ten'",
        ),
    ],
    # line 37: `duration: 0` on task kickoff, which is no milestone
    "duration_zero": [
        (
            "project.yaml",
            37,
            15,
            "task 'kickoff' needs `duration:` in working days (1 or more), or `milestone: true`",
        ),
    ],
    # line 43: `after: [{task: kickoff, lag: -1}]`
    "negative_lag": [
        (
            "project.yaml",
            43,
            34,
            "task 'train-agents': after item 1: lag must be at least 0, not -1",
        ),
    ],
    # line 51: go-live gets `duration: 1` next to `milestone: true` (after moves to 52)
    "milestone_with_duration": [
        (
            "project.yaml",
            51,
            15,
            "task 'go-live' is a milestone, which takes no time: remove `duration: 1` or "
            "`milestone: true`",
        ),
    ],
    # task kickoff (line 34) without its `duration:` line
    "neither_duration_nor_milestone": [
        (
            "project.yaml",
            34,
            5,
            "task 'kickoff' needs `duration:` in working days (1 or more), or `milestone: true`",
        ),
    ],
    # line 4 `go_live: Go_Live` and line 47 `- id: Go_Live`
    "invalid_id": [
        ("project.yaml", 4, 12, f"project: go_live must be {ID_RULE}, not 'Go_Live'"),
        ("project.yaml", 47, 9, f"task 'Go_Live': id must be {ID_RULE}, not 'Go_Live'"),
    ],
    # as invalid_id, and line 49 `phase: lunch`: that message must still name the task
    "invalid_id_then_other_error": [
        ("project.yaml", 4, 12, f"project: go_live must be {ID_RULE}, not 'Go_Live'"),
        ("project.yaml", 47, 9, f"task 'Go_Live': id must be {ID_RULE}, not 'Go_Live'"),
        (
            "project.yaml",
            49,
            12,
            "task 'Go_Live' names an unknown phase 'lunch': did you mean 'launch'?",
        ),
    ],
    # -- references and ids ------------------------------------------------------------
    # line 49: `phase: lunch`
    "unknown_phase": [
        (
            "project.yaml",
            49,
            12,
            "task 'go-live' names an unknown phase 'lunch': did you mean 'launch'?",
        ),
    ],
    # line 43: `after: [kick-off]`
    "unknown_dependency_suggestion": [
        (
            "project.yaml",
            43,
            13,
            "task 'train-agents': after names an unknown task 'kick-off': did you mean 'kickoff'?",
        ),
    ],
    # line 43: `after: [kickoff, train-agents]` in task train-agents
    "self_dependency": [
        (
            "project.yaml",
            43,
            22,
            "task 'train-agents' cannot come after itself: remove it from `after`",
        ),
    ],
    # line 43: `after: [kickoff, {task: kickoff, lag: 2}]`
    "duplicate_dependency": [
        ("project.yaml", 43, 22, "task 'train-agents' lists 'kickoff' twice in `after`"),
    ],
    # line 38: kickoff gets `after: [go-live]`: kickoff -> train-agents -> go-live -> kickoff
    "dependency_cycle": [
        (
            "project.yaml",
            44,
            13,
            "dependency cycle: kickoff -> train-agents -> go-live -> kickoff: remove 'kickoff' "
            "from the `after` of 'train-agents' or break the loop elsewhere",
        ),
    ],
    # lines 52-55: a fourth task, again with `id: kickoff`
    "duplicate_task_id": [
        (
            "project.yaml",
            52,
            9,
            "duplicate task id 'kickoff' (first used on line 34): give each one its own id",
        ),
    ],
    # line 23: the second role is `id: key-contact` too, so provider-lead is gone
    "duplicate_role_id": [
        (
            "project.yaml",
            23,
            9,
            "duplicate role id 'key-contact' (first used on line 20): give each one its own id",
        ),
        (
            "project.yaml",
            45,
            7,
            "task 'train-agents': raci responsible names an unknown role 'provider-lead': "
            "known role ids are key-contact",
        ),
    ],
    # line 25: `site: warsaw`
    "role_unknown_site": [
        (
            "project.yaml",
            25,
            11,
            "role 'provider-lead' names an unknown site 'warsaw': known site ids are hq, krakow",
        ),
    ],
    # line 46: `accountable: key-contakt`
    "raci_unknown_role": [
        (
            "project.yaml",
            46,
            20,
            "task 'train-agents': raci accountable names an unknown role 'key-contakt': "
            "did you mean 'key-contact'?",
        ),
    ],
    # krakow (lines 13-17) removed; its role moved to hq, train-agents lost `sites:`
    "only_one_site": [
        (
            "project.yaml",
            7,
            3,
            "the plan has 1 site: an outsourcing plan needs two or more (the client's and the "
            "provider's)",
        ),
    ],
    # -- glossary.yaml -------------------------------------------------------------------
    # line 1: `term:` instead of `terms:`
    "glossary_terms_misspelt": [
        ("glossary.yaml", 1, 1, "unknown key 'term' in the file: did you mean 'terms'?"),
    ],
    # line 5: `see_also: [Soft-launch, Hypercare]`
    "glossary_see_also_unknown": [
        (
            "glossary.yaml",
            5,
            16,
            "glossary: term 'Go-Live': see_also names 'Soft-launch', which is no term or alias: "
            "did you mean 'Soft launch'?",
        ),
        (
            "glossary.yaml",
            5,
            29,
            "glossary: term 'Go-Live': see_also names 'Hypercare', which is no term or alias",
        ),
    ],
    # line 5: `not_in: [identity provider, payment processor]`, the second without "provider"
    "glossary_not_in_without_the_term": [
        (
            "glossary.yaml",
            5,
            33,
            "glossary: term 'Provider': not_in lists 'payment processor', which does not hold "
            "the term or an alias ('Provider', 'providers'): write the phrase in which its word "
            "means something else, such as 'identity provider' for 'provider'",
        ),
    ],
    # lines 10-11: a third term `go-live`, the first one in lowercase
    "glossary_duplicate_term": [
        (
            "glossary.yaml",
            10,
            11,
            "glossary: 'go-live' here is a term, and on line 2 already a term: merge the two "
            "entries, or keep the word in one",
        ),
    ],
    # line 4: `aliases: [launch day, soft launch]`, and Soft launch is a term (line 6)
    "glossary_alias_duplicates_term": [
        (
            "glossary.yaml",
            6,
            11,
            "glossary: 'Soft launch' here is a term, and on line 4 already an alias of term "
            "'Go-Live': merge the two entries, or keep the word in one",
        ),
    ],
    # line 9: `warsaw:` instead of `hq:` under context
    "glossary_context_unknown_site": [
        (
            "glossary.yaml",
            9,
            15,
            "glossary: term 'Soft launch': context names an unknown site 'warsaw': "
            "known site ids are hq, krakow",
        ),
    ],
    # -- checklists.yaml -----------------------------------------------------------------
    # line 5: `itemz:` instead of `items:`
    "checklist_items_misspelt": [
        (
            "checklists.yaml",
            5,
            5,
            "unknown key 'itemz' in checklist 'readiness': did you mean 'items'?",
        ),
    ],
    # line 12: `owner: it-lead`
    "checklist_owner_unknown": [
        (
            "checklists.yaml",
            12,
            16,
            "checklist 'readiness' item 'phone-lines': owner names an unknown role 'it-lead': "
            "did you mean 'provider-lead'?",
        ),
    ],
    # line 4: `task: train-agent`
    "checklist_task_unknown": [
        (
            "checklists.yaml",
            4,
            11,
            "checklist 'readiness' names an unknown task 'train-agent': "
            "did you mean 'train-agents'?",
        ),
    ],
    # line 10: the second item is `id: vpn-access` too
    "checklist_duplicate_item_ids": [
        (
            "checklists.yaml",
            10,
            13,
            "duplicate checklist 'readiness' item id 'vpn-access' (first used on line 6): "
            "give each one its own id",
        ),
    ],
    # -- hostile input: characters, nesting, numbers, aliases ---------------------------
    # line 35: `title: Kickoff<NUL>meeting` (a NUL byte instead of the space)
    "nul_character": [
        (
            "project.yaml",
            35,
            19,
            "the file holds U+0000 (NUL), a control character, which YAML does not allow: "
            "remove it",
        ),
    ],
    # line 8: an ANSI colour code pasted after `Head office, Toronto` (ESC [31m)
    "escape_character": [
        (
            "project.yaml",
            8,
            31,
            "the file holds U+001B (ESC), a control character, which YAML does not allow: "
            "remove it",
        ),
    ],
    # line 35: `title: "Kickoff \e[31mmeeting"`, ESC written as a double-quoted escape
    "escaped_control_character": [
        (
            "project.yaml",
            35,
            12,
            "this value holds U+001B (ESC), a control character, written as an escape: remove it",
        ),
    ],
    # line 18: a form feed (page break) on the blank line before `roles:`
    "form_feed": [
        (
            "project.yaml",
            18,
            1,
            "the file holds U+000C (form feed), a control character, which YAML does not "
            "allow: remove it",
        ),
    ],
    # line 48: `title: Go-Live <RLO>evil`, a right-to-left override ("Trojan Source")
    "text_direction_control": [
        (
            "project.yaml",
            48,
            20,
            "the file holds U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible text-direction "
            "control, which shows text in another order than it is: remove it",
        ),
    ],
    # line 21: `title: Key<U+2028>Contact`, a Unicode line separator inside the title
    "line_separator": [
        (
            "project.yaml",
            21,
            15,
            "the file holds U+2028 (LINE SEPARATOR), a line break to YAML but not to editors, "
            "so line numbers would be off: remove it",
        ),
    ],
    # line 52: go-live gets `notes:` with 1,200 nested lists (`[[[...]]]`); PyYAML's
    # composer recursed once per level, into a RecursionError
    "deep_nesting": [
        (
            "project.yaml",
            52,
            109,
            "lists and mappings nest deeper than 100 levels here: write them flatter (a plan "
            "file needs fewer than ten)",
        ),
    ],
    # line 41: `duration:` with a number of 5,000 digits (past Python's int-string limit)
    "huge_integer": [
        (
            "project.yaml",
            41,
            15,
            "task 'train-agents': duration must be at most 2000, not a number of 5000 digits",
        ),
    ],
    # lines 52-61: a blank line and a "billion laughs": nine lists of nine aliases of the
    # list before, 9^9 values in 400 bytes
    "alias_bomb": [
        (
            "project.yaml",
            56,
            4,
            "the aliases of this value repeat it into more than 100,000 values: write the "
            "values out, or repeat them less",
        ),
    ],
    # line 52: go-live gets `notes: &loop [*loop]`, a list that holds itself
    "alias_loop": [
        (
            "project.yaml",
            52,
            12,
            "an alias inside this value repeats the value itself, a loop that never ends: "
            "write the inner value out",
        ),
    ],
    # -- dates at the edges, and plans that cannot be scheduled ------------------------
    # line 3: `start: 9999-12-27` (date arithmetic overflowed after year 9999)
    "date_year_9999": [
        ("project.yaml", 3, 10, f"project: start: 9999-12-27 {OUTSIDE_DATES}"),
    ],
    # line 13: hq gets `days_off: [0001-01-01]` (lines after it move down one)
    "date_year_0001": [
        ("project.yaml", 13, 16, f"site 'hq': days_off item 1: 0001-01-01 {OUTSIDE_DATES}"),
    ],
    # line 3: `start: 2300-01-11` (holidays knows no public holiday after 2100)
    "start_2300": [
        ("project.yaml", 3, 10, f"project: start: 2300-01-11 {OUTSIDE_DATES}"),
    ],
    # line 52: go-live gets `deadline: 1800-01-01`
    "deadline_1800": [
        ("project.yaml", 52, 15, f"task 'go-live': deadline: 1800-01-01 {OUTSIDE_DATES}"),
    ],
    # line 13: hq gets `weekend: [tue, wed, thu, fri, sat, sun]` (it works Mondays only),
    # line 19: krakow `weekend: [mon, sat, sun]`; the joint kickoff (now line 36) never fits
    "no_common_working_day": [
        (
            "project.yaml",
            36,
            5,
            "task 'kickoff' cannot be scheduled: its sites 'hq', 'krakow' have no working day "
            "in common from 2027-01-11 to 2100-12-31: give the task `sites:` with the site "
            "that does the work, or change a site's `weekend` or `days_off`",
        ),
    ],
    # line 3: `start: 2100-06-01`, line 41: train-agents takes `duration: 2000`
    "chain_past_last_date": [
        (
            "project.yaml",
            41,
            15,
            "task 'train-agents' would end after 2100-12-31, the last date a plan can use, "
            "pushed by kickoff -> train-agents: shorten or overlap those tasks, or start the "
            "project earlier",
        ),
    ],
    # line 41: train-agents takes `duration: 2000`; line 52: go-live `deadline: 1901-01-02`
    "deadline_decades_early": [
        (
            "project.yaml",
            38,
            5,
            "task 'train-agents' would have to end before 1901-01-01, the first date a plan "
            "can use, to meet its deadline or the deadlines of the tasks after it: move those "
            "deadlines later",
        ),
    ],
    # line 16: `timezone: localtime` (a file of the machine's zone database, not a zone)
    "timezone_localtime": [
        (
            "project.yaml",
            16,
            15,
            "site 'krakow': 'localtime' is not an IANA time zone (such as America/Toronto or "
            "Europe/Warsaw)",
        ),
    ],
    # line 2: the first term is "Go-Live" and " and so on" sixty times (607 characters)
    "glossary_term_too_long": [
        (
            "glossary.yaml",
            2,
            11,
            "glossary: 'Go-Live and so on and so on and so on and so on and so on and...' is "
            "607 characters long: a term is a word or a short phrase, at most 100 characters; "
            "put the rest in its definition",
        ),
    ],
    # lines 18-19: sites gets `? [[[...]]]` (500 levels) as a key, `: {name: x}`; the
    # key's nodes were once spelled out as text, into a RecursionError
    "deep_list_as_key": [
        ("project.yaml", 18, 5, "keys in sites must be plain names, not a list"),
    ],
    # -- several files at once: every problem, sorted by file, line and column ------------
    # checklists.yaml line 3 `titel:`, line 12 `owner: it-lead`;
    # glossary.yaml line 5 `see_also: [Hypercare]`;
    # project.yaml line 15 `country: XX`, line 43 `after: [kickof]`
    "several_files": [
        (
            "checklists.yaml",
            3,
            5,
            "unknown key 'titel' in checklist 'readiness': did you mean 'title'?",
        ),
        (
            "checklists.yaml",
            12,
            16,
            "checklist 'readiness' item 'phone-lines': owner names an unknown role 'it-lead': "
            "did you mean 'provider-lead'?",
        ),
        (
            "glossary.yaml",
            5,
            16,
            "glossary: term 'Go-Live': see_also names 'Hypercare', which is no term or alias",
        ),
        (
            "project.yaml",
            15,
            14,
            f"site 'krakow': country 'XX' {NOT_A_COUNTRY} (such as CA, PL, DE, IN or PH)",
        ),
        (
            "project.yaml",
            43,
            13,
            "task 'train-agents': after names an unknown task 'kickof': did you mean 'kickoff'?",
        ),
    ],
}

CASES = sorted(EXPECTED)


# -- helpers ---------------------------------------------------------------------------


def write_plan(directory: Path, files: dict[str, str]) -> Path:
    """Write plan files into `directory` (created) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def base_files() -> dict[str, str]:
    return {
        "project.yaml": BASE_PROJECT,
        "glossary.yaml": BASE_GLOSSARY,
        "checklists.yaml": BASE_CHECKLISTS,
    }


def replaced(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced (fails loudly if it is not unique)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and directory (None) below `root`, by relative path."""
    return {
        path.relative_to(root).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(root.rglob("*"))
    }


def check_plan(directory: Path) -> None:
    """Load and schedule the plan in `directory`, as `python -m macros check` does."""
    plan, warnings = load_plan(directory)
    compute(plan, warnings)


def problems_of(directory: Path) -> list[Problem]:
    """The problems checking `directory` raises (failing if the plan is valid)."""
    with pytest.raises(PlanError) as info:
        check_plan(directory)
    return info.value.problems


def as_expected(problems: list[Problem], directory: Path) -> list[Expected]:
    return [
        (p.loc.path.relative_to(directory).as_posix(), p.loc.line, p.loc.col, p.message)
        for p in problems
    ]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m macros ARGS` from the repository root, as CI runs it."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PLAN_DIR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- the corpus ------------------------------------------------------------------------


def test_corpus_is_large_and_every_folder_has_expectations() -> None:
    folders = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
    assert folders == CASES
    assert len(CASES) >= 36


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_broken_plan_reports_exactly(case: str) -> None:
    directory = BROKEN / case
    before = snapshot(directory)

    problems = problems_of(directory)

    assert as_expected(problems, directory) == EXPECTED[case]
    assert all(p.severity is Severity.ERROR for p in problems)
    assert snapshot(directory) == before


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_loading_a_broken_plan_writes_nothing(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(BROKEN / case, plan)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    before = snapshot(tmp_path)

    with pytest.raises(PlanError):
        check_plan(plan)

    assert snapshot(tmp_path) == before


def test_python_tag_constructs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fixture's tag would run `touch pwned-by-yaml` in the working directory.
    monkeypatch.chdir(tmp_path)

    problems = problems_of(BROKEN / "python_tag")

    assert [p.message for p in problems] == [EXPECTED["python_tag"][0][3]]
    assert not (tmp_path / "pwned-by-yaml").exists()
    assert not (BROKEN / "python_tag" / "pwned-by-yaml").exists()
    assert list(tmp_path.iterdir()) == []


# -- valid plans -------------------------------------------------------------------------


def test_base_plan_loads_without_problems(tmp_path: Path) -> None:
    directory = write_plan(tmp_path, base_files())

    plan, warnings = load_plan(directory)

    assert warnings == []
    assert list(plan.sites) == ["hq", "krakow"]
    assert [t.id for t in plan.tasks] == ["kickoff", "train-agents", "go-live"]
    assert plan.task("go-live").milestone is True
    assert [t.term for t in plan.terms] == ["Go-Live", "Soft launch"]
    assert [i.id for i in plan.checklists[0].items] == ["vpn-access", "phone-lines"]


def test_base_project_alone_loads(tmp_path: Path) -> None:
    plan, warnings = load_plan(write_plan(tmp_path, {"project.yaml": BASE_PROJECT}))

    assert warnings == []
    assert plan.terms == ()
    assert plan.checklists == ()


def test_subdivision_on_is_ontario_not_a_boolean(tmp_path: Path) -> None:
    plan, _ = load_plan(write_plan(tmp_path, {"project.yaml": BASE_PROJECT}))

    assert "    subdivision: ON\n" in BASE_PROJECT  # unquoted, as editors write it
    assert plan.sites["hq"].subdivision == "ON"
    assert plan.sites["hq"].country == "CA"


def test_country_no_is_norway_not_a_boolean(tmp_path: Path) -> None:
    text = replaced(BASE_PROJECT, "    country: PL\n", "    country: NO\n")
    text = replaced(text, "    timezone: Europe/Warsaw\n", "    timezone: Europe/Oslo\n")

    plan, warnings = load_plan(write_plan(tmp_path, {"project.yaml": text}))

    assert warnings == []
    assert plan.sites["krakow"].country == "NO"
    assert plan.sites["krakow"].timezone == "Europe/Oslo"


# -- the command line ------------------------------------------------------------------


def test_cli_prints_every_problem_and_exits_1() -> None:
    relative = (BROKEN / "several_files").relative_to(REPO).as_posix()

    result = run_cli("check", relative)

    assert result.returncode == 1
    assert result.stdout == ""
    expected = [
        f"{relative}/{file}:{line}:{col}: {message}"
        for file, line, col, message in EXPECTED["several_files"]
    ]
    assert result.stderr.splitlines() == [*expected, f"{relative}: 5 errors"]


def test_cli_problem_lines_match_str_of_problem() -> None:
    relative = (BROKEN / "unknown_phase").relative_to(REPO).as_posix()
    problem = Problem(Loc(Path(relative) / "project.yaml", 49, 12), EXPECTED["unknown_phase"][0][3])

    result = run_cli("check", relative)

    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == str(problem)


def test_cli_valid_plan_exits_0(tmp_path: Path) -> None:
    directory = write_plan(tmp_path / "plan", base_files())

    result = run_cli("check", str(directory))

    assert result.returncode == 0
    assert result.stdout.strip() == f"{directory}: the plan is valid"
    assert result.stderr == ""


def test_cli_strict_valid_plan_without_warnings_exits_0(tmp_path: Path) -> None:
    directory = write_plan(tmp_path / "plan", base_files())

    result = run_cli("check", "--strict", str(directory))

    assert result.returncode == 0
    assert result.stdout.strip() == f"{directory}: the plan is valid"


def test_cli_missing_directory_is_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-plan"

    result = run_cli("check", str(missing))

    assert result.returncode == 2
    assert f"DIR '{missing}' is not a directory" in result.stderr
    assert not missing.exists()


def test_cli_unknown_subcommand_is_usage_error() -> None:
    result = run_cli("chek", "plan")

    assert result.returncode == 2
    assert "invalid choice: 'chek'" in result.stderr


def test_cli_github_actions_annotations() -> None:
    relative = (BROKEN / "several_files").relative_to(REPO).as_posix()

    result = run_cli("check", relative, env={"GITHUB_ACTIONS": "true"})

    assert result.returncode == 1
    plain = [
        f"{relative}/{file}:{line}:{col}: {message}"
        for file, line, col, message in EXPECTED["several_files"]
    ]
    annotations = [
        f"::error file={relative}/{file},line={line},col={col}::{message}"
        for file, line, col, message in EXPECTED["several_files"]
    ]
    assert result.stderr.splitlines() == [*plain, *annotations, f"{relative}: 5 errors"]


def test_cli_strict_fails_on_warnings(tmp_path: Path) -> None:
    # A RACI without an Accountable is a warning: the plan is usable, but not as it should be.
    files = base_files()
    files["project.yaml"] = files["project.yaml"].replace("      accountable: key-contact\n", "")
    directory = write_plan(tmp_path / "plan", files)
    raci_line = next(
        n for n, line in enumerate(files["project.yaml"].splitlines(), 1) if "raci:" in line
    )
    warning = (
        f"{directory}/project.yaml:{raci_line + 1}:7: warning: task 'train-agents': raci has "
        "no accountable: add `accountable:` with the one role that answers for the result"
    )

    result = run_cli("check", str(directory))
    assert result.returncode == 0
    assert result.stdout.strip() == f"{directory}: the plan is valid (1 warning)"
    assert result.stderr.splitlines() == [warning]

    result = run_cli("check", "--strict", str(directory))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        warning,
        f"{directory}: 1 warning, failing because of --strict",
    ]


# -- hostile input the corpus cannot hold: links, environment variables ---------------


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "/dev/zero",
            "the plan file is a link to '/dev/zero', outside the plan directory: replace the "
            "link with the file itself",
        ),
        (
            "/etc/hostname",
            "the plan file is a link to '/etc/hostname', outside the plan directory: replace "
            "the link with the file itself",
        ),
        (
            "../outside.yaml",
            "the plan file is a link to '{tmp}/outside.yaml', outside the plan directory: "
            "replace the link with the file itself",
        ),
        (
            "missing.yaml",
            "the plan file is a link that leads nowhere (to no file, or round in a loop): "
            "replace it with the file",
        ),
        (
            "glossary.yaml",
            "the plan file is a link that leads nowhere (to no file, or round in a loop): "
            "replace it with the file",
        ),
    ],
    ids=["dev-zero", "etc", "parent", "dangling", "loop"],
)
def test_a_plan_file_linked_out_of_the_plan_directory_is_refused(
    tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "outside.yaml").write_text(BASE_GLOSSARY, encoding="utf-8")
    directory = write_plan(tmp_path / "plan", {"project.yaml": BASE_PROJECT})
    (directory / "glossary.yaml").symlink_to(target)

    problems = problems_of(directory)

    assert [(p.loc.path.name, p.loc.line, p.loc.col, p.message) for p in problems] == [
        ("glossary.yaml", 1, 1, message.format(tmp=tmp_path.resolve()))
    ]


def test_a_link_inside_the_plan_directory_is_read(tmp_path: Path) -> None:
    directory = write_plan(tmp_path / "plan", {"project.yaml": BASE_PROJECT})
    (directory / "drafts").mkdir()
    (directory / "drafts" / "terms.txt").write_text(BASE_GLOSSARY, encoding="utf-8")
    (directory / "glossary.yaml").symlink_to("drafts/terms.txt")

    plan, _ = load_plan(directory)

    assert [t.term for t in plan.terms] == ["Go-Live", "Soft launch"]


def test_a_linked_plan_directory_is_fine(tmp_path: Path) -> None:
    real = write_plan(tmp_path / "real", base_files())
    (tmp_path / "plan").symlink_to(real, target_is_directory=True)

    plan, _ = load_plan(tmp_path / "plan")

    assert len(plan.tasks) == 3


def test_a_directory_named_like_a_plan_file_is_refused(tmp_path: Path) -> None:
    directory = write_plan(tmp_path / "plan", {"project.yaml": BASE_PROJECT})
    (directory / "glossary.yaml").mkdir()

    assert [p.message for p in problems_of(directory)] == [
        "the plan file is not a regular file: make it one"
    ]


HOSTILE_CASES = [
    "nul_character",
    "deep_nesting",
    "huge_integer",
    "alias_bomb",
    "date_year_9999",
    "no_common_working_day",
    "chain_past_last_date",
    "timezone_localtime",
]


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_cli_reports_hostile_input_as_path_line_col(case: str) -> None:
    relative = (BROKEN / case).relative_to(REPO).as_posix()

    result = run_cli("check", relative)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = [
        f"{relative}/{f}:{line}:{col}: {message}" for f, line, col, message in EXPECTED[case]
    ]
    assert result.stderr.splitlines() == [*expected, f"{relative}: 1 error"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2027-02-30",
            "PLAYBOOK_TODAY: 2027-02-30 is not a date: February 2027 has 28 days; set it to "
            "the build's date as YYYY-MM-DD, or unset it to use the clock",
        ),
        (
            "2300-01-01",
            f"PLAYBOOK_TODAY: 2300-01-01 {OUTSIDE_DATES}; set it to the build's date as "
            "YYYY-MM-DD, or unset it to use the clock",
        ),
    ],
)
def test_cli_reports_a_wrong_playbook_today(tmp_path: Path, value: str, message: str) -> None:
    directory = write_plan(tmp_path / "plan", base_files())

    result = run_cli("check", str(directory), env={"PLAYBOOK_TODAY": value})

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"$PLAYBOOK_TODAY:1:1: {message}",
        f"{directory}: 1 error",
    ]


def test_cli_annotation_escapes_a_file_name_with_a_comma_and_a_line_break(
    tmp_path: Path,
) -> None:
    # A pull request may add any file to plan/: its name reaches the annotation's `file=`.
    directory = write_plan(tmp_path / "plan", base_files())
    (directory / "x,line=1::\n::error::pwned.yaml").write_text("a: 1\n", encoding="utf-8")

    result = run_cli("check", str(directory), env={"GITHUB_ACTIONS": "true"})

    message = (
        "unknown plan file 'x,line=1::\\n::error::pwned.yaml' (plan files are project.yaml, "
        "glossary.yaml, checklists.yaml, baseline.yaml)"
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{directory}/x,line=1::\\n::error::pwned.yaml:1:1: {message}",
        f"::error file={directory}/x%2Cline=1%3A%3A%0A%3A%3Aerror%3A%3Apwned.yaml,line=1,col=1"
        f"::{message}",
        f"{directory}: 1 error",
    ]
