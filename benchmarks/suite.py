"""The test suite's time on a fresh clone: `make test` in a new clone of the last commit, set-up
(the virtualenv) included, against the target of 150 s on two cores.

Run with `make bench-tests` (SEEDED=1: draw the project's charts first with `make site`, as CI's
.ci/run does before `make test`). The clone gets the tests' npm packages with `npm ci`, and the
browser and checkers are required, as in CI; neither is timed. The machine's speed moves from hour to
hour, so the figures come with a fixed loop's time and the CPU the whole machine spent during the
run (from /proc/stat): compare runs made back to back. It measures, it does not gate: it exits 0
unless `make test` fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 150
PYTEST_LINE = re.compile(r"=+ (.*) in ([\d.]+)s")


def loop_seconds() -> float:
    """A fixed piece of pure Python: the machine's speed of the moment, to compare runs by."""
    start = time.perf_counter()
    total = 0
    for number in range(20_000_000):
        total += number
    return time.perf_counter() - start


def machine_cpu() -> tuple[float, float] | None:
    """Busy and idle CPU seconds of the whole machine since boot (Linux), or None elsewhere."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / ticks, idle / ticks


def run(command: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeded", action="store_true", help="`make site` before `make test`, as in CI")
    parser.add_argument("--keep", action="store_true", help="keep the clone and print where it is")
    options = parser.parse_args()

    temp = Path(tempfile.mkdtemp(prefix="mems-suite-"))
    clone = temp / "clone"
    # CI's environment: a missing browser or checker fails instead of skipping.
    env = {**os.environ, "CI": "true", "MEMS_REQUIRE_BROWSER": "1", "MEMS_REQUIRE_CHECKERS": "1"}
    env.pop("MEMS_CHART_CACHE", None)
    try:
        commit = run(["git", "rev-parse", "--short", "HEAD"], PROJECT, env).stdout.strip()
        if run(["git", "status", "--porcelain"], PROJECT, env).stdout.strip():
            print("note: the working tree has changes; the clone has the last commit only")
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(PROJECT), str(clone)], check=True)
        npm = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        if shutil.which("npm") is None or run(npm, clone / "tests" / "browser", env).returncode != 0:
            sys.exit("npm ci in tests/browser failed: the suite needs axe-core and vnu-jar (see .ci/run)")
        if options.seeded:
            seed = run(["make", "site"], clone, env)
            if seed.returncode != 0:
                sys.exit(f"make site failed in the clone:\n{seed.stderr[-3000:]}")

        before_loop = loop_seconds()
        cpu_before, start = machine_cpu(), time.perf_counter()
        result = run(["make", "test"], clone, env)
        seconds, cpu_after = time.perf_counter() - start, machine_cpu()
        after_loop = loop_seconds()
    finally:
        if options.keep:
            print(f"the clone: {clone}")
        else:
            shutil.rmtree(temp, ignore_errors=True)

    if result.returncode != 0:
        sys.exit(f"make test failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    summary = PYTEST_LINE.findall(result.stdout)
    outcome, suite = summary[-1] if summary else ("no pytest summary line", "nan")
    seed = "charts drawn first by make site" if options.seeded else "no chart drawn before"
    print(f"make test on a fresh clone of {commit} ({seed}), {os.cpu_count()} cores;")
    print(f"a fixed loop took {before_loop:.2f} s before the run and {after_loop:.2f} s after it")
    print(f"  set-up (virtualenv)    {seconds - float(suite):6.1f} s")
    print(f"  the suite (pytest)     {float(suite):6.1f} s   {outcome}")
    print(
        f"  make test in all       {seconds:6.1f} s   target {TARGET_SECONDS} s: "
        f"{'PASS' if seconds <= TARGET_SECONDS else 'FAIL'}"
    )
    if cpu_before and cpu_after:
        busy, idle = cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]
        print(f"  the machine's CPU      {busy:6.1f} s busy, {idle:.1f} s idle")


if __name__ == "__main__":
    main()
