"""Several builds in one process, as `mkdocs serve` makes them: each sees the latest edit.

hooks/reload.py keeps the `macros` modules loaded between builds unless a file under
macros/ changed, and the per-build values of `macros.mkdocs.site` are tied to each build's config
object; this test edits the plan, a macro's code and a hook between builds of one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE_PLAN, TODAY, make_site

BUILDS = """
import gc
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, *sites = sys.argv[1:]
for site in sites:
    input()  # the test edits files, then says "go"
    config = load_config(config_file=config_file, site_dir=site)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    # hooks/plan.py freezes the collector's view of the heap for the build only.
    print("built" if gc.get_freeze_count() == 0 else "still frozen", flush=True)
"""


def copy_code(project: Path) -> None:
    """Real copies of macros/ and hooks/ in place of make_site's symlinks."""
    for name in ("macros", "hooks"):
        (project / name).unlink()
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))


def test_edits_between_builds_of_one_process_all_show(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(SAMPLE_PLAN, plan)
    project = tmp_path / "project"
    config = make_site(project, {"index.md": "# Home\n\n{{ project.name }}\n\n{{ contacts() }}\n"})
    (project / "plan").unlink()
    (project / "plan").symlink_to(plan, target_is_directory=True)
    copy_code(project)
    sites = [tmp_path / f"site{n}" for n in range(4)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY}
    env.pop("PLAN_DIR", None)
    process = subprocess.Popen(
        [sys.executable, "-c", BUILDS, str(config), *map(str, sites)],
        cwd=project,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    assert process.stdout is not None

    def build_next() -> None:
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write("go\n")
        process.stdin.flush()
        if process.stdout.readline() != "built\n":
            process.kill()
            raise AssertionError(process.communicate()[1])

    try:
        build_next()
        project_file = plan / "project.yaml"
        text = project_file.read_text(encoding="utf-8")
        project_file.write_text(
            text.replace("name: Northwind Desk tier", "name: Southwind Desk tier"), "utf-8"
        )
        build_next()
        code = project / "macros" / "mkdocs" / "site.py"
        before = code.read_text(encoding="utf-8")
        after = before.replace(
            '"""Key contact first, every role, and the escalation path in every site\'s time."""\n'
            "        return render(",
            '"""Key contact first, every role, and the escalation path in every site\'s time."""\n'
            '        return Markup("<p>edited-code</p>") + render(',
        )
        assert after != before
        code.write_text(after, encoding="utf-8")
        build_next()
        hook = project / "hooks" / "glossary.py"
        hook.write_text(
            hook.read_text(encoding="utf-8")
            + "\n\ndef on_post_page(output, page, config):\n"
            + '    return output + "<!-- hook-edited -->"\n',
            "utf-8",
        )
        build_next()
    finally:
        _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    first, second, third, fourth = (
        (site / "index.html").read_text(encoding="utf-8") for site in sites
    )
    assert "Northwind Desk" in first
    assert "Southwind Desk" not in first
    assert "Southwind Desk" in second
    assert "edited-code" not in second
    assert "edited-code" in third
    assert "Southwind Desk" in third
    assert "hook-edited" in fourth
    assert "hook-edited" not in third


FAILING = """
import gc
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
try:
    build(config)
except Exception as exc:
    print(type(exc).__name__, gc.get_freeze_count())
"""


def test_a_failed_build_leaves_nothing_frozen(tmp_path: Path) -> None:
    config = make_site(tmp_path / "project", {"index.md": "# Home\n\n{{ no_such_macro() }}\n"})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY}
    env.pop("PLAN_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", FAILING, str(config), str(tmp_path / "site")],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["Abort", "0"], done.stderr
