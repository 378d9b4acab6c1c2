"""What the golden API tests of both dialects share: how an answer is written (fields that legitimately
vary replaced, sorted keys, one-space indentation) and how a capture's answers are compared with, or
written over, the files checked in under tests/api/golden/ (see its README.md)."""
import difflib
import json
import os
import shutil

NORMALISED = "<normalised>"


def normalise(value, fields):
    """A copy of an answer with the values of `fields` replaced, wherever they appear."""
    if isinstance(value, dict):
        return {k: (NORMALISED if k in fields else normalise(v, fields)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, fields) for v in value]
    return value


def render(value, fields):
    return json.dumps(normalise(value, fields), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def check_golden(test, name, directory, files, update):
    """Compares {relative path: text} with the files under `directory` (every difference, new and missing
    file listed, then `test` fails), or with `update` rewrites the directory."""
    if update:
        shutil.rmtree(directory, ignore_errors=True)
        for rel, text in files.items():
            path = os.path.join(directory, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        return
    if not os.path.isdir(directory):
        test.fail(f"no golden files for {name}: run with --update")
    stored = {}
    for where, _, names in os.walk(directory):
        for n in names:
            path = os.path.join(where, n)
            with open(path) as f:
                stored[os.path.relpath(path, directory)] = f.read()
    problems = []
    for rel in sorted(set(stored) | set(files)):
        if rel not in files:
            problems.append(f"{rel}: no longer answered")
        elif rel not in stored:
            problems.append(f"{rel}: new answer, not in the golden set")
        elif stored[rel] != files[rel]:
            diff = difflib.unified_diff(stored[rel].splitlines(), files[rel].splitlines(), "golden", "now",
                                        lineterm="", n=2)
            problems.append(f"{rel} differs:\n" + "\n".join(list(diff)[:40]))
    if problems:
        test.fail(f"{name}: {len(problems)} golden files differ (NETMETER_UPDATE_GOLDEN=1 rewrites them after "
                  "review):\n" + "\n".join(problems))
