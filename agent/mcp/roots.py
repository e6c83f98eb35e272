"""The folders an MCP client may make the server read: the working directory plus each `--allow PATH`.

A model chooses the file arguments, so every path is resolved (symlinks and `..` followed, relative paths taken
from the working directory) before it is compared with the roots: a link inside a root that points outside it
is refused like the outside path itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pm_assistant.core.errors import UserInputError


@dataclass(frozen=True)
class AllowedRoots:
    """Resolved folders under which file arguments may be read."""

    folders: tuple[Path, ...]

    @classmethod
    def build(cls, cwd: Path, extra: Iterable[str] = ()) -> AllowedRoots:
        """The working directory plus `extra` (each must be an existing folder); UserInputError otherwise."""
        folders = [cwd.resolve()]
        for raw in extra:
            folder = Path(raw).expanduser().resolve()
            if not folder.is_dir():
                raise UserInputError(f"--allow {raw}: not a folder; give a folder the server may read files from")
            folders.append(folder)
        return cls(tuple(dict.fromkeys(folders)))

    def check(self, path: str) -> str:
        """`path` (with `~` expanded) when it resolves inside a root; UserInputError naming the roots otherwise."""
        if not path.strip():
            raise UserInputError("path is empty; give the path of a file under an allowed folder")
        given = Path(path).expanduser()
        resolved = given.resolve()
        if not any(resolved.is_relative_to(folder) for folder in self.folders):
            allowed = ", ".join(str(folder) for folder in self.folders)
            raise UserInputError(
                f"{path}: outside the folders this server may read ({allowed}); "
                "move the file there or start the server with --allow FOLDER"
            )
        return str(given)
