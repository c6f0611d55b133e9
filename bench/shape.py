"""The shape of the code, in numbers: lines per app (tests and migrations apart), the
largest file, test lines against app lines, and the imports that run up the loop.

    python bench/shape.py [REPO_DIR]

"Up the loop" uses the layers of pyproject.toml's import-linter contract, bottom to top:
an import from a module of one layer into a module of a higher layer (tests and
migrations apart)."""

import ast
import sys
import tomllib
from collections import Counter
from pathlib import Path

ORDER = ["lib", "accounts", "courses", "content", "quizzes", "readiness", "live", "after",
         "learner", "demo"]  # fmt: skip


def lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def is_test(path: Path) -> bool:
    return "tests" in path.parts or path.name in {"test.py", "conftest.py"}


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "amont" else None


def main() -> None:
    repo = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    package = repo / "amont"
    try:
        config = tomllib.loads((repo / "pyproject.toml").read_text())
        layers = config["tool"]["importlinter"]["contracts"][0]["layers"][::-1]
    except (KeyError, IndexError):
        layers = ORDER
    rank = {name: index for index, name in enumerate(layers)}
    per_app: Counter[str] = Counter()
    test_lines = app_lines = 0
    largest = (0, "")
    upward = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(repo)
        if "migrations" in relative.parts:
            continue
        count = lines(path)
        if is_test(relative):
            test_lines += count
            continue
        app_lines += count
        app = relative.parts[1] if len(relative.parts) > 2 else "(project)"
        per_app[app] += count
        largest = max(largest, (count, str(relative)))
        source_app = app_of(".".join(relative.with_suffix("").parts))
        if source_app not in rank:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                target = app_of(name)
                if target in rank and rank[target] > rank[source_app]:
                    upward.append(f"{relative}:{node.lineno} -> {name}")
    for app, count in sorted(per_app.items(), key=lambda item: -item[1]):
        print(f"lines_{app}={count}")
    print(f"largest_file={largest[1]} largest_lines={largest[0]}")
    print(f"app_lines={app_lines} test_lines={test_lines} "
          f"test_per_app_line={test_lines / app_lines:.2f}")  # fmt: skip
    for line in upward:
        print(f"  up: {line}")
    print(f"imports_up_the_loop={len(upward)}")


if __name__ == "__main__":
    main()
