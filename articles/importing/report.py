"""What an import did: one outcome per file, every warning with its file and line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class Warning_:
    """Something the importer guessed, dropped or could not place."""

    path: str
    line: int | None
    message: str
    # The same warning in further files, said once for the run (e.g. an unknown front matter key).
    also_in: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        more = ""
        if self.also_in:
            more = f" (and in {self.also_in} more file{'s' if self.also_in != 1 else ''})"
        return f"{where}: {self.message}{more}"


@dataclass
class Outcome:
    """The result for one file: ``created``, ``updated`` or ``skipped`` (with the reason)."""

    path: str
    action: str
    kind: str = ""
    slug: str = ""
    message: str = ""

    def __str__(self) -> str:
        what = f"{self.kind} {self.slug}".strip()
        detail = f" ({self.message})" if self.message else ""
        return f"{self.action:8} {what or '-'}  {self.path}{detail}"


@dataclass
class ImportReport:
    """Collects outcomes and warnings across a run; ``summary()`` is what the command prints."""

    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    infos: list[Warning_] = field(default_factory=list)
    dry_run: bool = False
    _once: dict[str, int] = field(default_factory=dict, repr=False)

    def warn(self, path: str | Path, line: int | None, message: str) -> None:
        self.warnings.append(Warning_(str(path), line, message))

    def unknown_keys(self, path: str | Path, keys: dict[str, int | None]) -> None:
        """Front matter keys the importer does not know: one warning per key for the whole run."""
        for key, line in keys.items():
            message = f"unknown front matter key '{key}' ignored"
            index = self._once.get(message)
            if index is None:
                self._once[message] = len(self.warnings)
                self.warnings.append(Warning_(str(path), line, message))
            else:
                self.warnings[index] = replace(self.warnings[index], also_in=self.warnings[index].also_in + 1)

    def inform(self, path: str | Path, line: int | None, message: str) -> None:
        self.infos.append(Warning_(str(path), line, message))

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def counts(self) -> Counter:
        return Counter(outcome.action for outcome in self.outcomes)

    def of(self, action: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.action == action]

    @property
    def skipped(self) -> list[Outcome]:
        return self.of("skipped")

    def summary(self, *, verbose: bool = False) -> str:
        counts = self.counts()
        lines = []
        heading = "Dry run: nothing was saved." if self.dry_run else "Import finished."
        lines.append(
            f"{heading} {counts['created']} created, {counts['updated']} updated, "
            f"{counts['skipped']} skipped, {len(self.warnings)} warnings."
        )
        for action in ("created", "updated", "skipped"):
            items = self.of(action)
            if items:
                lines.append(f"\n{action.capitalize()} ({len(items)}):")
                lines.extend(f"  {item}" for item in items)
        if verbose and self.infos:
            lines.append(f"\nNotes ({len(self.infos)}):")
            lines.extend(f"  {note}" for note in self.infos)
        if self.warnings:
            lines.append(f"\nWarnings ({len(self.warnings)}):")
            lines.extend(f"  {warning}" for warning in self.warnings)
        return "\n".join(lines)
