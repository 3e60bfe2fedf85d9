#!/usr/bin/env python3
"""Audit the installed Python dependencies for known vulnerabilities (pip-audit).

Fails (exit 1) when pip-audit reports a vulnerable dependency. When the
vulnerability service cannot be reached, or answers for none of the packages (as
on machines that install from a local mirror), it says so plainly and exits 0:
nothing was audited, and that is not the same as "no known vulnerabilities".
Set AUDIT_STRICT=1 to fail in that case too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def main() -> int:
    strict = os.environ.get("AUDIT_STRICT", "") in {"1", "true", "yes"}
    command = [
        str(VENV_BIN / "pip-audit"),
        "--skip-editable",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "--timeout",
        "20",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return unreachable("pip-audit did not finish within 10 minutes", strict)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        return unreachable(f"pip-audit could not reach its vulnerability service: {last}", strict)

    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = [dep for dep in dependencies if not dep.get("skip_reason")]
    vulnerable = [dep for dep in audited if dep.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} vulnerable package(s) of {len(audited)} audited.")
        return 1
    if not audited:
        return unreachable(
            f"the vulnerability service answered for none of the {len(skipped)} installed packages",
            strict,
        )
    print(f"pip-audit: no known vulnerabilities in {len(audited)} packages ({len(skipped)} not audited).")
    return 0


def unreachable(reason: str, strict: bool) -> int:
    print(f"pip-audit: NOTHING AUDITED — {reason}.")
    print("Run `make audit` on a machine that reaches the vulnerability service (PyPI/OSV).")
    return 1 if strict else 0


if __name__ == "__main__":
    sys.exit(main())
